/**
 * Copies every generated file that README quotes into README, between its
 * `<!-- BEGIN path -->` and `<!-- END path -->` markers (`deno task readme`).
 * Run it after `deno task figures` or `deno task bench:compare`; a test fails
 * while README's copy differs from the file.
 *
 * @module
 */
const root = new URL("..", import.meta.url).pathname;
const readme = `${root}README.md`;
const text = Deno.readTextFileSync(readme);
const synced = text.replace(
  /(<!-- BEGIN (\S+) -->\n)[\s\S]*?(<!-- END \2 -->)/g,
  (_, begin: string, path: string, end: string) => `${begin}\n${Deno.readTextFileSync(`${root}${path}`)}\n${end}`,
);
if (synced !== text) {
  Deno.writeTextFileSync(readme, synced);
  console.log("README.md: quoted blocks updated");
} else {
  console.log("README.md: quoted blocks already up to date");
}
