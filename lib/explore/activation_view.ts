/**
 * The activation picker of section 4 (in a browser): a list of the registry's
 * activations, a field for the parameter of one that has it (leaky relu's
 * slope), and the kink derivative: a list of the activation's own choices
 * (its slopes, their midpoint, random) and a field for any value between the
 * slopes. The activation lives in the link as the command line writes it
 * (`activation=leaky_relu:0.1`); a refused slope is said beside the picker in
 * the registry's words, and a kink derivative that the activation cannot
 * take is replaced by the frameworks' value with a note (`fitWork`). A smooth
 * activation has no kink: the kink controls are disabled and say why.
 *
 * @module
 */
import {
  ACTIVATION_REGISTRY,
  activationOf,
  isPiecewise,
  kinkAccepted,
  parseActivation,
} from "../math/activation_registry.ts";
import { activationHint, kinkChoices } from "./activation_settings.ts";
import { type ExploreSettings, formatValue } from "./config.ts";
import { byId, doc, type InputElem, type SelectElem } from "./dom.ts";
import type { Store } from "./store.ts";

/**
 * Binds the activation list, the parameter field and the kink derivative's list and field to the store, and
 * keeps them showing the settings (in a browser).
 *
 * @param store the page's settings
 *
 * @example
 * ```ts ignore
 * mountActivationPicker(store);
 * store.offer("activation", "leaky_relu:0.1");
 * console.assert(byId("activation-slope").value === "0.1");
 * ```
 */
export function mountActivationPicker(store: Store): void {
  const list = byId<SelectElem>("activation-name");
  const param = byId<InputElem>("activation-slope");
  const paramField = byId("activation-slope-field");
  const paramLabel = byId("activation-slope-label");
  const hint = byId("activation-hint");
  const grad = byId<SelectElem>("grad");
  const exact = byId<InputElem>("grad-exact");
  const gradHint = byId("grad-hint");
  const entryOf = (name: string) => ACTIVATION_REGISTRY.find((e) => e.name === name) ?? ACTIVATION_REGISTRY[0];

  const refuseParam = (message: string) => {
    param.dataset.refused = "1";
    param.setAttribute("aria-invalid", "true");
    store.note("activation", message);
  };
  const clearParam = () => {
    delete param.dataset.refused;
    param.removeAttribute("aria-invalid");
  };

  /** Reads the parameter field for the listed family: refused in place, or offered as the activation's text. */
  const offerParam = () => {
    const entry = entryOf(list.value);
    const p = entry.parameter;
    if (!p) return;
    const text = param.value.trim();
    const a = activationOf(store.get().activation);
    const now = a.name === entry.name ? a.text.split(":")[1] : String(p.default);
    const read = parseActivation(`${entry.name}:${text}`)?.text;
    if (read === undefined) {
      const what = `${entry.name.replaceAll("_", " ")}'s ${p.help.replace(/^the /, "")}`;
      refuseParam(`${what} must be a number in [${p.min}, ${p.max}], got ${JSON.stringify(text)}; still ${now}`);
      return;
    }
    clearParam();
    store.note("activation", "");
    store.offer("activation", read);
  };

  list.addEventListener("change", () => {
    clearParam();
    store.note("activation", "");
    store.offer("activation", entryOf(list.value).name);
  });
  param.addEventListener("change", offerParam);
  param.addEventListener("keydown", (e) => {
    if ((e as Event & { key?: string }).key === "Enter") offerParam();
  });

  const show = (s: ExploreSettings) => {
    const a = activationOf(s.activation);
    const entry = entryOf(a.name);
    list.value = entry.name;
    hint.textContent = activationHint(a.text);
    if (entry.parameter) {
      paramField.removeAttribute("hidden");
      paramLabel.textContent = entry.parameter.help.replace(/^the /, "");
      if (param.dataset.refused !== "1") param.value = a.text.split(":")[1];
    } else {
      paramField.setAttribute("hidden", "");
    }
    const value = formatValue(s.grad);
    const choices = kinkChoices(a.text);
    // a value typed in the field (or held by a link) joins the list in its place among the numbers
    if (!choices.some((c) => c.value === value)) {
      const at = choices.findIndex((c) => c.value === "random" || Number(c.value) > Number(value));
      choices.splice(at < 0 ? choices.length : at, 0, { value, label: value });
    }
    grad.replaceChildren(...choices.map((c) => {
      const option = doc.createElement("option");
      option.setAttribute("value", c.value);
      option.textContent = c.label;
      return option;
    }));
    grad.value = value;
    const smooth = !isPiecewise(a);
    for (const el of [grad, exact]) {
      if (smooth) el.setAttribute("disabled", "");
      else el.removeAttribute("disabled");
    }
    if (exact.dataset.refused !== "1") exact.value = smooth ? "" : value;
    gradHint.textContent = smooth
      ? `${a.text} has no kink: nothing to choose`
      : `f′(0) of ${a.text}: ${kinkAccepted(a)}`;
  };
  store.subscribe(["activation", "grad"], (s, _changed, source) => {
    // a link replaces what was typed and refused in the slope field
    if (source === "link") clearParam();
    show(s);
  });
  show(store.get());
}
