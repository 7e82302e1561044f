import type http from 'node:http';
import type { Config } from '../../common/config';
import { PayloadTooLargeError, readBody, sendJson, type Route } from '../../common/http';
import { IDE_ASSET_PATHS, lazyIdeAssets, type IdeAssets } from './bundle';
import { idePage, IDE_CONTENT_SECURITY_POLICY } from './page';
import { canIssueDevelopmentTokens, pickerGroups, tokenForChoice, type SignInChoice } from './sign-in';

export const IDE_TOKEN_PATH = '/ide/token';

export interface Ide {
  /** GET /graphql for a browser. */
  page: Route;
  /** The bundle's assets and, in development and test only, the token endpoint. */
  routes: Record<string, Route>;
}

const refuse = (res: http.ServerResponse, status: number, code: string, message: string) =>
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, { 'cache-control': 'no-store' });

function serveAsset(assets: () => Promise<IdeAssets>, path: string): Route {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET.');
    const asset = (await assets())[path];
    const headers = { 'cache-control': 'no-cache', etag: asset.etag };
    if (req.headers['if-none-match'] === asset.etag) return void res.writeHead(304, headers).end();
    res.writeHead(200, { ...headers, 'content-type': asset.contentType, 'content-length': asset.body.length });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };
}

/**
 * POST /ide/token {"id": "<choice id>"} → {"token"}: a development token for a picker choice. JSON only, so a page on
 * another origin cannot send it as a simple request (the preflight it needs gets no CORS headers here).
 */
function tokenEndpoint(config: Config, signInChoices: SignInChoice[]): Route {
  const choices = new Map(signInChoices.map((choice) => [choice.id, choice]));
  return async (req, res) => {
    if (req.method !== 'POST') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST with {"id": "<organization slug>"}.');
    if (!req.headers['content-type']?.startsWith('application/json'))
      return refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send {"id": "<organization slug>"} as application/json.');
    let id: unknown;
    try {
      id = (JSON.parse(await readBody(req, 1024)) as { id?: unknown } | null)?.id;
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'The body is larger than 1024 bytes.');
      return refuse(res, 400, 'BAD_USER_INPUT', 'The body is not valid JSON.');
    }
    if (typeof id !== 'string') return refuse(res, 400, 'BAD_USER_INPUT', 'id: must be the slug of a demo organization.');
    const choice = choices.get(id);
    if (!choice) return refuse(res, 404, 'NOT_FOUND', `No demo organization ${JSON.stringify(id)}.`);
    sendJson(res, 200, { token: await tokenForChoice(config, choice) }, { 'cache-control': 'no-store' });
  };
}

/**
 * The IDE served at GET /graphql (when config.ide): GraphiQL bundled by this gateway, and in development a sign-in
 * picker offering `signInChoices` (the development launcher's; none otherwise).
 */
export function createIde(config: Config, signInChoices: SignInChoice[] = []): Ide {
  const assets = lazyIdeAssets();
  const signIn = canIssueDevelopmentTokens(config);
  const html = idePage({ endpoint: '/graphql', signIn: signIn ? { tokenUrl: IDE_TOKEN_PATH, groups: pickerGroups(signInChoices) } : null });
  const routes: Record<string, Route> = Object.fromEntries(Object.values(IDE_ASSET_PATHS).map((path) => [path, serveAsset(assets, path)]));
  if (signIn) routes[IDE_TOKEN_PATH] = tokenEndpoint(config, signInChoices);
  return {
    page: (_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': IDE_CONTENT_SECURITY_POLICY,
        'cache-control': 'no-cache',
      });
      res.end(html);
    },
    routes,
  };
}
