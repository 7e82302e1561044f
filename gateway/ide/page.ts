import { IDE_ASSET_PATHS } from './bundle';

/**
 * Everything the page loads comes from this gateway: the policy forbids other origins, inline scripts and eval
 * (GraphiQL and CodeMirror set inline styles, and the bundled fonts and icons are data: URLs).
 */
export const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON inside a <script> element: "<" escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function idePage(config: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>channel graph · GraphiQL</title>
<link rel="stylesheet" href="${IDE_ASSET_PATHS.styles}">
</head>
<body>
<div id="ide"></div>
<script type="application/json" id="ide-config">${scriptJson(config)}</script>
<script src="${IDE_ASSET_PATHS.script}"></script>
</body>
</html>
`;
}
