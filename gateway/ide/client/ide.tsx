// The IDE in the browser: a sign-in picker above GraphiQL. Bundled by gateway/ide/bundle.ts; the page it runs in is
// gateway/ide/page.ts, which passes the sign-in choices as JSON (no inline script, so the page's CSP can forbid them).
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import 'graphiql/style.css';
import './ide.css';

/** What gateway/ide/page.ts passes in #ide-config. */
interface IdeConfig {
  endpoint: string;
  /** Who the picker offers (development only); null where tokens come from the identity provider (header editor). */
  signIn: { tokenUrl: string; groups: { label: string; choices: { id: string; label: string }[] }[] } | null;
}

const config = JSON.parse(document.getElementById('ide-config')!.textContent!) as IdeConfig;
const SIGNED_IN = 'channel-graph:ide:signed-in';

async function tokenFor(id: string): Promise<string> {
  const response = await fetch(config.signIn!.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id }),
  });
  const body = (await response.json()) as { token?: string; errors?: { message: string }[] };
  if (!body.token) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.token;
}

/** Sends GraphiQL's operations (and its introspection) to the gateway as the signed-in caller. */
function fetcherFor(token: string | undefined): GraphiQLProps['fetcher'] {
  return async (params, options) => {
    const response = await fetch(config.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        // A header typed into GraphiQL's header editor (e.g. another Authorization) wins.
        ...(options?.headers as Record<string, string> | undefined),
      },
      body: JSON.stringify(params),
    });
    return response.json();
  };
}

const labelOf = (id: string) => config.signIn!.groups.flatMap((group) => group.choices).find((choice) => choice.id === id)?.label;

function SignInPicker({ onToken }: { onToken: (token: string | undefined) => void }) {
  const [selected, setSelected] = useState(() => sessionStorage.getItem(SIGNED_IN) ?? '');
  const [status, setStatus] = useState<{ text: string; failed?: boolean }>({ text: 'Not signed in' });
  const choose = async (id: string) => {
    setSelected(id);
    sessionStorage.setItem(SIGNED_IN, id);
    setStatus({ text: id ? 'Signing in…' : 'Not signed in' });
    try {
      onToken(id ? await tokenFor(id) : undefined);
      if (id) setStatus({ text: `Signed in as ${labelOf(id)}` });
    } catch (failure) {
      onToken(undefined);
      setStatus({ text: `Sign-in failed: ${(failure as Error).message}`, failed: true });
    }
  };
  // After a reload, sign in again as the same choice (tokens live in memory only).
  useEffect(() => {
    if (selected) void choose(selected);
  }, []);
  return (
    <header className="ide-sign-in">
      <label>
        Sign in as{' '}
        <select id="ide-sign-in" value={selected} onChange={(event) => void choose(event.target.value)}>
          <option value="">nobody (requests are refused: 401)</option>
          {config.signIn!.groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <span id="ide-status" className={status.failed ? 'ide-error' : undefined} role="status">
        {status.text}
      </span>
      <span className="ide-hint">The documentation and autocompletion show what this caller may query.</span>
    </header>
  );
}

function Ide() {
  const [token, setToken] = useState<string>();
  // A new fetcher makes GraphiQL introspect again: the schema it shows is the new caller's contract.
  const fetcher = useMemo(() => fetcherFor(token), [token]);
  const query = new URLSearchParams(location.search).get('query') ?? undefined;
  return (
    <div className="ide">
      {config.signIn && <SignInPicker onToken={setToken} />}
      <div className="ide-graphiql">
        <GraphiQL fetcher={fetcher} query={query} defaultEditorToolsVisibility={!config.signIn && 'headers'} />
      </div>
    </div>
  );
}

createRoot(document.getElementById('ide')!).render(
  <StrictMode>
    <Ide />
  </StrictMode>,
);
