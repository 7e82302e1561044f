import { z } from 'zod';
import { procedure } from './contract';

/**
 * viewerOrganization {} → { slug, name } of the caller's own organization, or null: served by the subgraph that owns
 * the organizations of the caller's role (partner, distributor), asked by the vendor subgraph for Viewer.slug and name.
 */
export const viewerOrganization = procedure('viewerOrganization', z.object({}), z.object({ slug: z.string(), name: z.string() }).nullable());
export type OrganizationName = NonNullable<z.output<typeof viewerOrganization.answer>>;
