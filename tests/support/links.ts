/**
 * Symbolic links and FIFOs for the tests (test helper). `Deno.symlink` needs
 * every permission (a link's target is only checked when it is followed), and
 * Deno cannot make a FIFO, so both are made by a child `deno eval`, which the
 * test task may start (`--allow-run=<deno>`) and which runs with every
 * permission; the tests themselves keep their narrow ones.
 */

async function inChild(code: string): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", code],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (out.code !== 0) throw new Error(`deno eval ${code}: ${new TextDecoder().decode(out.stderr)}`);
}

/** Makes `path` a symbolic link to `target` (written as given: relative targets are relative to the link's folder). */
export async function symlink(target: string, path: string): Promise<void> {
  await inChild(`Deno.symlinkSync(${JSON.stringify(target)}, ${JSON.stringify(path)})`);
}

/** Makes `path` a FIFO (a named pipe) with `mkfifo`. */
export async function mkfifo(path: string): Promise<void> {
  await inChild(
    `const o = new Deno.Command("mkfifo", { args: [${JSON.stringify(path)}] }).outputSync();` +
      `if (o.code !== 0) throw new Error(new TextDecoder().decode(o.stderr));`,
  );
}
