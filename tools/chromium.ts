/**
 * Headless Chromium for the browser tests and the screenshot tool: why it
 * cannot run here, and launching it through playwright-core with the flags
 * this machine's closed network needs.
 *
 * @module
 */
import type { Browser } from "playwright-core";

/** Debian's Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** Why a browser test cannot run here, or "" when it can: Chromium missing, or a permission playwright-core needs. */
export function browserSkipReason(): string {
  const needed: [Deno.PermissionDescriptor, string][] = [
    [{ name: "run", command: CHROMIUM }, `--allow-run=${CHROMIUM}`],
    [{ name: "read", path: CHROMIUM }, `--allow-read=${CHROMIUM}`],
    [{ name: "write", path: "/tmp" }, "--allow-write=/tmp"],
    // Its bundled `debug` module lists every environment variable when it loads: only an unscoped --allow-env does.
    [{ name: "env" }, "--allow-env"],
    [{ name: "sys", kind: "homedir" }, "--allow-sys=homedir"],
    [{ name: "sys", kind: "osRelease" }, "--allow-sys=osRelease"],
  ];
  const denied = needed.filter(([d]) => Deno.permissions.querySync(d).state !== "granted").map(([, flag]) => flag);
  if (denied.length > 0) return `it needs ${denied.join(" ")} (playwright-core)`;
  try {
    Deno.statSync(CHROMIUM);
    return "";
  } catch {
    return `${CHROMIUM} not found (apt-get install -y chromium)`;
  }
}

/** Starts headless Chromium; close it with `browser.close()`. */
export async function launchChromium(): Promise<Browser> {
  // playwright-core probes /proc/sys/fs/binfmt_misc/WSLInterop when it loads; Deno refuses /proc/sys paths
  // without --allow-all, so that one probe is answered "does not exist" instead of throwing.
  const { default: fs } = await import("node:fs");
  const existsSync = fs.existsSync;
  (fs as { existsSync: typeof existsSync }).existsSync = (path) => {
    try {
      return existsSync(path);
    } catch {
      return false;
    }
  };
  const { chromium } = await import("playwright-core");
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
