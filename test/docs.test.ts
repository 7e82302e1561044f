import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const documents = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const anchorsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchor(m[1])));

describe('the documentation', () => {
  it.each(documents)('%s links only to files and headings inside the repository', (document) => {
    const text = fs.readFileSync(path.join(root, document), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^https?:\/\//.test(target)) continue;
      const [file, hash] = target.split('#');
      const resolved = file ? path.resolve(path.dirname(path.join(root, document)), file) : path.join(root, document);
      if (path.relative(root, resolved).startsWith('..')) broken.push(`${target}: outside the repository`);
      else if (!fs.existsSync(resolved)) broken.push(`${target}: no such file`);
      else if (hash && !anchorsOf(fs.readFileSync(resolved, 'utf8')).has(hash)) broken.push(`${target}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it('names every document of docs/ in its index', () => {
    const index = fs.readFileSync(path.join(root, 'docs', 'README.md'), 'utf8');
    const unlisted = documents.filter((d) => d.startsWith('docs/') && d !== 'docs/README.md' && !index.includes(`](${path.basename(d)})`));
    expect(unlisted).toEqual([]);
  });
});
