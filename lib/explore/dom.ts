/**
 * The part of the browser's DOM that the live page uses, typed here rather
 * than through TypeScript's `dom` library: Deno's type checker knows no DOM,
 * and a `/// <reference lib="dom" />` would apply to every file that
 * `deno check .` checks together with these (changing the types of Deno's own
 * web APIs there). Run only in a browser.
 *
 * @module
 */

/** An element of the page (HTML or SVG): what the page calls on it. */
export interface Elem extends EventTarget {
  /** Its id. */
  readonly id: string;
  /** Its tag name, upper case for HTML elements. */
  readonly tagName: string;
  /** Its text. */
  textContent: string | null;
  /** Its class attribute. */
  className: string;
  /** Its data-* attributes. */
  readonly dataset: Record<string, string | undefined>;
  /** Its inline style. */
  readonly style: Record<string, string>;
  /** Sets an attribute. */
  setAttribute(name: string, value: string): void;
  /** Reads an attribute. */
  getAttribute(name: string): string | null;
  /** Removes an attribute. */
  removeAttribute(name: string): void;
  /** Appends a child element. */
  appendChild<T extends Elem>(child: T): T;
  /** Appends elements and text. */
  append(...nodes: (Elem | string)[]): void;
  /** Replaces the children. */
  replaceChildren(...nodes: (Elem | string)[]): void;
  /** The closest ancestor (or itself) matching `selector`. */
  closest(selector: string): Elem | null;
  /** The first descendant matching `selector`. */
  querySelector(selector: string): Elem | null;
  /** Gives it the focus. */
  focus(options?: { preventScroll?: boolean }): void;
  /** Scrolls it into view. */
  scrollIntoView(): void;
  /** Clicks it. */
  click(): void;
}

/** An `<input>`. */
export interface InputElem extends Elem {
  /** Its value. */
  value: string;
  /** Its type (text, range, checkbox). */
  readonly type: string;
  /** Whether a checkbox is checked. */
  checked: boolean;
}

/** A `<select>`. */
export interface SelectElem extends Elem {
  /** The selected option's value. */
  value: string;
  /** Its options. */
  readonly options: ArrayLike<{ value: string }>;
  /** Adds an option. */
  add(option: Elem): void;
}

/** The page's document. */
export interface Doc extends EventTarget {
  /** The body. */
  readonly body: Elem;
  /** `loading` until the document is parsed. */
  readonly readyState: string;
  /** The element with `id`, or null. */
  getElementById(id: string): Elem | null;
  /** A new HTML element. */
  createElement(tag: string): Elem;
  /** A new element in a namespace (SVG). */
  createElementNS(namespace: string, tag: string): Elem;
  /** Every element matching `selector`. */
  querySelectorAll(selector: string): Iterable<Elem>;
}

interface BrowserGlobals {
  document: Doc;
  history: { replaceState(data: null, unused: string, url: string): void };
  requestAnimationFrame(callback: (time: number) => void): number;
}

const browser = globalThis as unknown as BrowserGlobals;

/** The page's document (undefined outside a browser). */
export const doc: Doc = browser.document;

/**
 * Calls `callback` before the next repaint (in a browser).
 *
 * @param callback what to call, with the frame's time
 *
 * @example
 * ```ts ignore
 * nextFrame((t) => console.assert(t > 0));
 * ```
 */
export function nextFrame(callback: (time: number) => void): void {
  browser.requestAnimationFrame(callback);
}

/**
 * Replaces the URL's hash without a history entry or a `hashchange` event (in a browser).
 *
 * @param hash the new hash, with its `#`
 *
 * @example
 * ```ts ignore
 * replaceHash("#hidden=7");
 * console.assert(location.hash === "#hidden=7");
 * ```
 */
export function replaceHash(hash: string): void {
  browser.history.replaceState(null, "", hash);
}

/**
 * Whether `el` is an `<input>`.
 *
 * @param el an element or null
 * @returns true for an input
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { type Elem, isInput } from "./dom.ts";
 * strictEqual(isInput({ tagName: "INPUT" } as Elem), true);
 * strictEqual(isInput(null), false);
 * ```
 */
export function isInput(el: Elem | null): el is InputElem {
  return el?.tagName === "INPUT";
}

/**
 * Whether `el` is a `<select>`.
 *
 * @param el an element or null
 * @returns true for a select
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { type Elem, isSelect } from "./dom.ts";
 * strictEqual(isSelect({ tagName: "SELECT" } as Elem), true);
 * ```
 */
export function isSelect(el: Elem | null): el is SelectElem {
  return el?.tagName === "SELECT";
}

/**
 * The element with `id`; throws when the page lacks it (a bug of the page,
 * not of the reader). In a browser.
 *
 * @param id the element's id
 * @returns the element
 *
 * @example
 * ```ts ignore
 * console.assert(byId("play").textContent === "Play");
 * ```
 */
export function byId<T extends Elem = Elem>(id: string): T {
  const el = doc.getElementById(id);
  if (el === null) throw new Error(`the page has no element #${id}`);
  return el as T;
}
