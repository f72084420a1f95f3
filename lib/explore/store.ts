/**
 * The page's settings in one place, mirrored in the URL hash and in the
 * controls. A control's text is read with `readSetting`: a refused value
 * leaves the setting as it was and shows, beside the control, what is wrong
 * and what is accepted. Every value a link refuses is said beside its
 * control, one line per refusal (the link's unknown keys on the page's own
 * line), until the next link. Sections subscribe to the settings they draw.
 *
 * @module
 */
import {
  DEFAULT_SETTINGS,
  type ExploreSettings,
  fitWork,
  formatHash,
  formatValue,
  type ParsedHash,
  parseHash,
  readSetting,
  SETTING_NAMES,
  type SettingName,
} from "./config.ts";
import { doc, type Elem, isInput, isSelect, replaceHash } from "./dom.ts";

/** The settings, their subscribers, and the messages beside the controls. */
export interface Store {
  /** The current settings. */
  get(): ExploreSettings;
  /** Changes settings, mirrors them in the controls and the hash, and tells the subscribers of what changed. */
  set(patch: Partial<ExploreSettings>, source?: ChangeSource): void;
  /** Calls `fn` whenever one of `names` changes, with the names that changed and where the change came from. */
  subscribe(names: readonly SettingName[], fn: Subscriber): void;
  /**
   * Reads `text` for setting `name` as its control would (a control of its own, such as the activation's name and
   * slope, composes the text): refused in place with the note beside it, or set with what it forces on others.
   */
  offer(name: SettingName, text: string): void;
  /** Shows `message` beside control `name` ("" for the page), or clears it. */
  note(name: SettingName | "", message: string): void;
  /** Writes the hash now (the network writes its epoch through this). */
  writeHash(): void;
}

/** Where a change came from: a control, a link (the hash), or the page itself (the epoch while training). */
export type ChangeSource = "control" | "link" | "page";

/** A subscriber of {@link Store.subscribe}. */
export type Subscriber = (s: ExploreSettings, changed: readonly SettingName[], source: ChangeSource) => void;

/** Whether the hash holds settings (section links such as `#relu-h` do not). */
const holdsSettings = (hash: string) => hash.includes("=");

/**
 * Creates the store from the page's URL hash and binds every control of the
 * page to it. Problems found in the hash are shown beside their controls.
 *
 * @returns the store
 *
 * @example
 * ```ts ignore
 * location.hash = "#hidden=9";
 * const store = createStore();
 * console.assert(store.get().hidden === 9);
 * ```
 */
export function createStore(): Store {
  const parsed = holdsSettings(location.hash)
    ? parseHash(location.hash)
    : { settings: { ...DEFAULT_SETTINGS }, problems: [] };
  let settings = parsed.settings;
  const subscribers: { names: readonly SettingName[]; fn: Subscriber }[] = [];
  let lastHash = "";

  const store: Store = {
    get: () => settings,
    set(patch, source = "control") {
      const before = settings;
      settings = { ...settings, ...patch };
      const changed = (Object.keys(patch) as SettingName[]).filter((k) => before[k] !== settings[k]);
      for (const name of changed) showValue(name, settings[name]);
      store.writeHash();
      for (const { names, fn } of subscribers) {
        if (names.some((n) => changed.includes(n))) fn(settings, changed, source);
      }
    },
    subscribe: (names, fn) => void subscribers.push({ names, fn }),
    offer: (name, text) => accept(store, name, text),
    note(name, message) {
      const el = doc.getElementById(name === "" ? "page-note" : `${name}-msg`);
      if (el) el.textContent = message;
      for (const input of name === "" ? [] : [doc.getElementById(name), doc.getElementById(`${name}-exact`)]) {
        input?.setAttribute("aria-invalid", String(message !== "" && input.dataset.refused === "1"));
      }
    },
    writeHash() {
      const hash = formatHash(settings);
      if (hash === lastHash) return;
      lastHash = hash;
      replaceHash(hash);
    },
  };

  for (const name of Object.keys(DEFAULT_SETTINGS) as SettingName[]) bindControl(store, name);
  for (const name of Object.keys(DEFAULT_SETTINGS) as SettingName[]) showValue(name, settings[name]);
  store.writeHash();
  showProblems(store, parsed.problems);

  // A hash edited by hand (or a pasted link) applies at once, and replaces what was said about the last one.
  globalThis.addEventListener("hashchange", () => {
    if (!holdsSettings(location.hash) || location.hash === lastHash) return;
    const again = parseHash(location.hash);
    lastHash = "";
    store.set(again.settings, "link");
    showProblems(store, again.problems);
  });
  return store;
}

/** Says every problem of a link beside its control (or on the page), one line each, and clears every other slot. */
function showProblems(store: Store, problems: ParsedHash["problems"]): void {
  const lines = new Map<SettingName | "", string[]>();
  for (const { name, message } of problems) lines.set(name, [...(lines.get(name) ?? []), `in the link: ${message}`]);
  for (const name of ["", ...SETTING_NAMES] as const) store.note(name, (lines.get(name) ?? []).join("\n"));
}

/** Puts a setting's value into its controls (text field, slider, select, checkbox), clearing any refusal. */
function showValue(name: SettingName, value: ExploreSettings[SettingName]): void {
  const text = formatValue(value);
  const el = doc.getElementById(name);
  if (isSelect(el)) {
    if (!Array.from(el.options).some((o) => o.value === text)) {
      const option = doc.createElement("option");
      option.setAttribute("value", text);
      option.textContent = text;
      el.add(option);
    }
    el.value = text;
  } else if (isInput(el)) {
    if (el.type === "checkbox") el.checked = value === true;
    else el.value = text;
    delete el.dataset.refused;
    el.removeAttribute("aria-invalid");
  }
  const range = doc.getElementById(`${name}-range`);
  if (isInput(range)) range.value = text;
  const exact = doc.getElementById(`${name}-exact`);
  if (isInput(exact)) {
    exact.value = text;
    delete exact.dataset.refused;
    exact.removeAttribute("aria-invalid");
  }
}

/** Refuses `text` for `name` in place, or sets the value (fitted to the page's work limits). */
function accept(store: Store, name: SettingName, text: string, source?: Elem): void {
  const el = source ?? doc.getElementById(name);
  const read = readSetting(name, text);
  // The value already set (the `change` that follows an Enter, or a field left as it was): nothing to redo, and
  // the note beside the control (steps per frame lowered to fit) still holds.
  if (!("error" in read) && el?.dataset.refused !== "1" && read.value === store.get()[name]) {
    showValue(name, read.value);
    return;
  }
  if ("error" in read) {
    if (el) el.dataset.refused = "1";
    store.note(name, `${read.error}; still ${formatValue(store.get()[name])}`);
    return;
  }
  if (el) delete el.dataset.refused;
  store.note(name, "");
  const fitted = fitWork({ ...store.get(), [name]: read.value });
  const patch: Partial<ExploreSettings> = { [name]: read.value };
  // What the new value forces on others (fewer steps per frame, the cpu backend, the activation's kink derivative,
  // float32 for a smooth activation); the epoch restarts anyway.
  const forced = fitted.notes.filter((n) => FORCED.includes(n.name));
  for (const n of forced) (patch as Record<string, unknown>)[n.name] = fitted.settings[n.name as SettingName];
  store.set(patch);
  for (const n of forced) store.note(n.name, n.message);
  // A value the field wrote differently (" 7" → "7") is shown as the page reads it.
  showValue(name, store.get()[name]);
}

/** The settings that a change of another may force (`fitWork`'s notes), said beside their own controls. */
const FORCED: readonly (SettingName | "")[] = ["spf", "backend", "grad", "precision"];

function bindControl(store: Store, name: SettingName): void {
  const el = doc.getElementById(name);
  if (!isInput(el) && !isSelect(el)) return;
  if (isSelect(el)) {
    el.addEventListener("change", () => accept(store, name, el.value));
  } else if (el.type === "checkbox") {
    el.addEventListener("change", () => accept(store, name, el.checked ? "1" : "0"));
  } else {
    el.addEventListener("change", () => accept(store, name, el.value));
    el.addEventListener("keydown", (e) => {
      if ((e as Event & { key?: string }).key === "Enter") accept(store, name, el.value);
    });
  }
  const range = doc.getElementById(`${name}-range`);
  if (isInput(range)) range.addEventListener("input", () => accept(store, name, range.value));
  // A text field beside a select, for a value the select does not list (any kink derivative between the slopes).
  const exact = doc.getElementById(`${name}-exact`);
  if (isInput(exact)) {
    exact.addEventListener("change", () => accept(store, name, exact.value, exact));
    exact.addEventListener("keydown", (e) => {
      if ((e as Event & { key?: string }).key === "Enter") accept(store, name, exact.value, exact);
    });
  }
}
