import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs a README walkthrough block as written: the `sh` block under a heading, in the style of the README's `q <token>
 * <query> [variables]` helper. It understands just what those blocks use: `NAME=$(npm run -s token -- --org <slug>)`,
 * `NAME=$(get <path>)` (a field of the last answer), `q "$TOKEN" '<query>' ['<variables JSON>']` with `'...'$NAME'...'`
 * splices, comments and line continuations inside quotes; the `q` and `get` definitions are skipped. Anything else
 * fails the test, so the block cannot drift from what the test runs.
 */
export interface ScriptCall {
  slug: string;
  query: string;
  variables: Record<string, unknown>;
}

export type Answer = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };

export function readmeBlock(heading: string): string {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}".`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error(`The README section "${heading}" has no sh block.`);
  return block[1];
}

/** The block's commands, each as its words (quotes removed, $NAME expanded from `vars` when the command runs). */
function commandsOf(script: string): string[][] {
  const body = script.replace(/^q\(\) \{[\s\S]*?^\}$/m, '').replace(/^get\(\) .*$/m, '');
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "'") {
      const close = body.indexOf("'", i + 1);
      word = (word ?? '') + body.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      const close = body.indexOf('"', i + 1);
      word = (word ?? '') + body.slice(i + 1, close).replace(/\$(\w+)/g, '\u27e8$1\u27e9');
      i = close;
    } else if (c === '$' && body[i + 1] === '(') {
      const close = body.indexOf(')', i);
      word = (word ?? '') + body.slice(i, close + 1);
      i = close;
    } else if (c === '$') {
      const name = /^\w+/.exec(body.slice(i + 1))![0];
      word = (word ?? '') + `\u27e8${name}\u27e9`;
      i += name.length;
    } else if (c === '#' && word === null) {
      const end = body.indexOf('\n', i);
      i = (end < 0 ? body.length : end) - 1;
    } else if (c === '\n') endCommand();
    else if (c === ' ' || c === '\t') endWord();
    else word = (word ?? '') + c;
  }
  endCommand();
  return commands;
}

/** Runs the block's commands in order with `run`; answers each `q` call's answer, in order. */
export async function runReadmeBlock(
  script: string,
  run: (call: ScriptCall) => Promise<Answer>,
): Promise<{ calls: ScriptCall[]; answers: Answer[] }> {
  const vars: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const calls: ScriptCall[] = [];
  const answers: Answer[] = [];
  const expand = (word: string) =>
    word.replace(/\u27e8(\w+)\u27e9/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`The walkthrough uses $${name} before setting it.`);
      return vars[name];
    });
  for (const words of commandsOf(script)) {
    const assignment = /^(\w+)=(.*)$/s.exec(words[0]);
    if (assignment && words.length === 1) {
      const [, name, value] = assignment;
      const token = /^\$\(npm run -s token -- --org ([a-z0-9-]+)\)$/.exec(value);
      const get = /^\$\(get ([\w.[\]]+)\)$/.exec(value);
      if (token) tokens[(vars[name] = `token:${name}`)] = token[1];
      else if (get) vars[name] = String(pathOf(answers.at(-1), get[1]));
      else if (!value.startsWith('$(')) vars[name] = expand(value);
      else throw new Error(`The walkthrough runs ${value}, which this test does not know.`);
    } else if (words[0] === 'q' && (words.length === 3 || words.length === 4)) {
      const slug = tokens[expand(words[1])];
      if (!slug) throw new Error(`q is called with ${words[1]}, which is not a token of the walkthrough.`);
      const call = { slug, query: expand(words[2]), variables: words[3] ? JSON.parse(expand(words[3])) : {} };
      calls.push(call);
      answers.push(await run(call));
    } else throw new Error(`The walkthrough has a command this test does not run: ${words.join(' ')}`);
  }
  return { calls, answers };
}

function pathOf(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<any>((at, key) => at?.[key], value);
}
