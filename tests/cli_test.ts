import assert from "node:assert/strict";
import { booleanFlag, choiceFlag, helpText, integerFlag, listFlag, numberFlag, parseFlags } from "../lib/cli/flags.ts";
import { UsageError } from "../lib/errors.ts";

const command = {
  usage: "demo",
  summary: "A demo command.",
  flags: {
    hidden: integerFlag({ description: "units", default: 7, min: 1, max: 4096 }),
    lr: numberFlag({ description: "learning rate", default: 1e-4, min: 0, max: 10, exclusiveMin: true }),
    "x-min": numberFlag({ description: "left end", default: -10 }),
    optimizer: choiceFlag({ description: "optimizer", default: "sgd", choices: ["sgd", "adam"] as const }),
    formats: listFlag({ description: "outputs", default: ["json", "svg"], choices: ["json", "svg", "gif"] as const }),
    quiet: booleanFlag("say less"),
  },
};

function usageError(args: string[]): string {
  try {
    parseFlags(args, command);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    assert.ok(!e.message.includes("\n"), "one line");
    return e.message;
  }
  assert.fail(`no error for ${args.join(" ")}`);
}

Deno.test("parseFlags() returns the defaults when no flag is given", () => {
  assert.deepEqual(parseFlags([], command), {
    hidden: 7,
    lr: 1e-4,
    "x-min": -10,
    optimizer: "sgd",
    formats: ["json", "svg"],
    quiet: false,
  });
});

Deno.test("parseFlags() reads both --flag value and --flag=value, negative numbers included", () => {
  const v = parseFlags(["--hidden", "12", "--lr=3e-4", "--x-min", "-5", "--formats", "gif,json", "--quiet"], command);
  assert.deepEqual(v, { hidden: 12, lr: 3e-4, "x-min": -5, optimizer: "sgd", formats: ["gif", "json"], quiet: true });
});

Deno.test("bad values name the flag, what is accepted and the value given", () => {
  const cases: [string[], RegExp][] = [
    [["--hidden", "0"], /^--hidden must be an integer in \[1, 4096\], got "0"$/],
    [["--hidden", "1.5"], /--hidden must be an integer/],
    [["--hidden", "abc"], /--hidden must be an integer/],
    [["--hidden", "1000000000"], /--hidden .*4096/],
    [["--hidden", "0x10"], /--hidden/],
    [["--lr", "NaN"], /--lr must be a finite number in \(0, 10\]/],
    [["--lr", "Infinity"], /--lr/],
    [["--lr", "0"], /--lr/],
    [["--lr", "-1"], /--lr/],
    [["--optimizer", "rmsprop"], /--optimizer must be one of sgd, adam, got "rmsprop"/],
    [["--formats", "json,png"], /--formats must be a comma-separated list of json, svg, gif/],
    [["--formats", "json,json"], /--formats/],
    [["--formats", ""], /--formats/],
    [["--bogus"], /^unknown flag --bogus; accepted flags: --hidden, .*--help$/],
    [["--hidden"], /^--hidden needs a value/],
    [["--hidden", "--lr", "1"], /^--hidden needs a value/],
    [["--hidden", "3", "--hidden", "4"], /more than once/],
    [["extra"], /unexpected argument "extra"/],
    [["--quiet=yes"], /--quiet takes no value/],
  ];
  for (const [args, pattern] of cases) assert.match(usageError(args), pattern, args.join(" "));
});

Deno.test("--help prints every flag with its limits and returns null", () => {
  const text = helpText(command);
  for (const name of Object.keys(command.flags)) assert.match(text, new RegExp(`--${name}`));
  assert.match(text, /an integer in \[1, 4096\] \(default 7\)/);
  const log = console.log;
  let printed = "";
  console.log = (s: string) => printed += s;
  try {
    assert.equal(parseFlags(["--hidden", "3", "--help"], command), null);
  } finally {
    console.log = log;
  }
  assert.equal(printed, text);
});

Deno.test("parseFlags() skips the leading -- that `deno task NAME -- flags` passes on", () => {
  const v = parseFlags(["--", "--hidden", "12"], command);
  assert.equal(v?.hidden, 12);
  assert.match(usageError(["--hidden", "3", "--", "--lr", "1"]), /unexpected argument "--lr"/);
});
