/**
 * Whether PyTorch can be called here (/usr/bin/python3 with torch), decided
 * once and synchronously so that tests can register themselves as ignored
 * with the reason in their name.
 */

/** The Python that the cross-checks run. */
export const PYTHON = "/usr/bin/python3";

/** Why torch cannot run here, or "" when it can. */
export function torchMissing(): string {
  try {
    const out = new Deno.Command(PYTHON, { args: ["-c", "import torch"], stdout: "null", stderr: "null" })
      .outputSync();
    return out.success ? "" : "python3-torch is not installed";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return `${PYTHON} is not installed`;
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      return `needs --allow-run=${PYTHON}`;
    }
    throw e;
  }
}

/** True when the environment variable CI is set and readable (a missing torch is then a failure). */
export function inCi(): boolean {
  return Deno.permissions.querySync({ name: "env", variable: "CI" }).state === "granted" &&
    Boolean(Deno.env.get("CI"));
}

/** Runs a Python program given as text, with `args` as its `sys.argv[1:]` and `input` on its stdin; returns its stdout. */
export async function runPython(program: string, input: string, args: readonly string[] = []): Promise<string> {
  const child = new Deno.Command(PYTHON, {
    args: ["-c", program, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(input));
  await writer.close();
  const out = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  if (!out.success) throw new Error(`python failed:\n${text(out.stderr)}`);
  return text(out.stdout);
}
