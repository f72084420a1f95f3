/**
 * Section 4 of the live page: the network training in the page. One live
 * trainer at a time, on the chosen tfjs backend with the engine the command
 * line picks for the activation (fused for a piecewise-linear one, autodiff
 * for a smooth one); every engine call goes through one queue, so a change of settings never
 * races a frame. Play runs `steps per frame` updates per animation frame and
 * measures the frames per second and steps per second it achieves; a link
 * with an epoch replays to it; a diverging run stops and says so; "Download
 * run" saves the run as the `training.json` that `deno task train -- --from`
 * renders.
 *
 * @module
 */
import { ENGINES } from "../engine/registry.ts";
import { activationOf } from "../math/activation_registry.ts";
import { toJsonText } from "../render/json.ts";
import { RUN_SETTINGS } from "../model/settings.ts";
import type { ExploreSettings } from "./config.ts";
import { PAGE_LIMITS, pointCount } from "./config.ts";
import { dataOf, mountDataPicker, sceneOf } from "./data_view.ts";
import { pageEngine } from "./activation_settings.ts";
import { mountActivationPicker } from "./activation_view.ts";
import { trainCommand } from "./command.ts";
import { startBackend } from "./backends.ts";
import { createNetworkView, type NetworkView, statusLine } from "./network_view.ts";
import { createNetworkDiagram, type NetworkDiagram } from "./network_diagram_view.ts";
import { mountPyExport } from "./export_view.ts";
import { byId, doc, nextFrame } from "./dom.ts";
import type { Store } from "./store.ts";
import { createLiveTrainer, type LiveTrainer } from "./trainer.ts";

/** Frame and training rates over the last second of play. */
export interface FrameStats {
  /** Frames drawn per second. */
  fps: number;
  /** Training updates per second. */
  stepsPerSecond: number;
  /** Median milliseconds of work (training and drawing) per frame. */
  frameMs: number;
  /** Frames in the window. */
  frames: number;
}

/** What tests and the benchmark read from the page (`window.__explore`). */
export interface ExploreHook {
  /** The settings. */
  settings(): ExploreSettings;
  /** Where the run stands. */
  state(): {
    epoch: number;
    loss: number;
    paramsEpoch: number;
    playing: boolean;
    stopped: string;
    backend: string;
    engine: string;
    dead: number[];
  };
  /** The run so far as training.json text (throws before the first update or after a divergence). */
  runJson(): string;
  /** The current parameters. */
  params(): { w0: number[]; b0: number[]; w1: number[]; b1: number };
  /** Frame and training rates over the last second of play. */
  stats(): FrameStats;
  /** Resolves when no engine call is pending. */
  idle(): Promise<void>;
}

const CONFIG_KEYS = [
  ...["hidden", "lr", "optimizer", "activation", "grad", "init", "seed", "points", "precision", "backend"] as const,
  ...["target", "noise", "test", "data", "file"] as const,
];

/**
 * Mounts section 4 in the page (in a browser) and returns the hook that
 * tests and the benchmark read.
 *
 * @param store the page's settings
 * @returns the hook (`window.__explore`)
 *
 * @example
 * ```ts ignore
 * const hook = mountNetworkSection(createStore());
 * await hook.idle();
 * console.assert(hook.state().epoch === hook.settings().epoch);
 * ```
 */
export function mountNetworkSection(store: Store): ExploreHook {
  const note = byId("net-note");
  const status = byId("net-status");
  const command = byId("net-command");
  const play = byId("play");
  let trainer: LiveTrainer | null = null;
  let view: NetworkView | null = null;
  let diagram: NetworkDiagram | null = null;
  let viewKey = "";
  let backendName = "cpu";
  let engineName = "";
  let playing = false;
  let queue: Promise<unknown> = Promise.resolve();
  let generation = 0;
  let busy = false;
  const recent: { t: number; steps: number; work: number }[] = [];

  /** Runs `work` after every engine call queued before it; a failure is shown, never thrown. */
  const enqueue = (work: () => Promise<void> | void) => {
    const next = queue.then(work).catch((e) => {
      setPlaying(false);
      note.textContent = `stopped: ${e instanceof Error ? e.message : String(e)}`;
    });
    queue = next;
    return next;
  };

  const setPlaying = (on: boolean) => {
    if (on === playing) return;
    playing = on;
    play.textContent = on ? "Pause" : "Play";
    play.setAttribute("aria-pressed", String(on));
    if (on) {
      recent.length = 0;
      nextFrame(tick);
    } else {
      store.writeHash();
      draw();
    }
  };

  const draw = () => {
    if (!trainer) return;
    const stop = trainer.stopped();
    const frame = {
      params: trainer.params(),
      x: trainer.x,
      losses: trainer.losses(),
      epoch: trainer.epoch(),
      loss: trainer.loss(),
      paramsEpoch: trainer.paramsEpoch(),
      diverged: stop?.reason === "diverged" ? stop.loss : undefined,
      precision: trainer.config.precision ?? RUN_SETTINGS.precision.default,
      playing,
      testLosses: trainer.testLosses(),
    };
    view?.draw(frame);
    diagram?.draw(frame.params, frame.paramsEpoch, view?.dead());
    const s = stats();
    const rate = playing && s.frames > 1
      ? ` · ${s.fps.toFixed(0)} fps · ${Math.round(s.stepsPerSecond).toLocaleString("en-US")} steps/s`
      : "";
    status.textContent = `${statusLine(frame)} · ${backendName}${rate}`;
    command.textContent = trainCommand(store.get(), frame.epoch);
    doc.body.dataset.epoch = String(frame.epoch);
    if (stop) {
      note.textContent = stop.message;
      setPlaying(false);
    }
  };

  /** Starts a new run with the current settings (and replays to `epoch`). */
  const restart = (epoch = 0) => {
    const mine = ++generation;
    return enqueue(async () => {
      trainer?.dispose();
      trainer = null;
      const s = store.get();
      try {
        backendName = await startBackend(s.backend);
      } catch (e) {
        store.note("backend", `${e instanceof Error ? e.message : String(e)}; using cpu`);
        store.set({ backend: "cpu" }, "page");
        return;
      }
      if (s.backend !== "cpu") store.note("backend", "");
      trainer = await createLiveTrainer({
        hidden: s.hidden,
        lr: s.lr,
        optimizer: s.optimizer,
        gradAtZero: s.grad,
        activation: s.activation,
        init: s.init,
        seed: s.seed,
        points: s.points,
        precision: s.precision,
        target: s.target,
        noise: s.noise,
        testFraction: s.test,
        data: dataOf(s),
      }, { createEngine: ENGINES[pageEngine(s.activation)] });
      engineName = pageEngine(s.activation);
      const key = [s.hidden, s.target, s.noise, s.test, s.data, s.points, s.seed, s.activation].join("|");
      if (!view || viewKey !== key) {
        view = createNetworkView(s.hidden, sceneOf(trainer), s.activation);
        diagram = createNetworkDiagram(byId("network-diagram"), s.hidden, activationOf(s.activation).label);
        viewKey = key;
      }
      note.textContent = "";
      const chunk = Math.max(1, Math.floor(PAGE_LIMITS.frameWork / (pointCount(s) * s.hidden)));
      while (trainer.epoch() < epoch && trainer.stopped() === null && mine === generation) {
        await trainer.step(Math.min(chunk, epoch - trainer.epoch()));
        note.textContent = `replaying the link: epoch ${trainer.epoch()} of ${epoch}`;
        draw();
        await new Promise((resolve) => nextFrame(resolve));
      }
      if (mine === generation && epoch > 0 && trainer.stopped() === null) note.textContent = "";
      draw();
      doc.body.dataset.ready = "1";
    });
  };

  const stats = (): FrameStats => {
    const now = performance.now();
    while (recent.length > 0 && now - recent[0].t > 1000) recent.shift();
    if (recent.length < 2) return { fps: 0, stepsPerSecond: 0, frameMs: 0, frames: recent.length };
    const seconds = (recent[recent.length - 1].t - recent[0].t) / 1000;
    const steps = recent.slice(1).reduce((sum, f) => sum + f.steps, 0);
    const work = recent.map((f) => f.work).sort((a, b) => a - b);
    return {
      fps: (recent.length - 1) / seconds,
      stepsPerSecond: steps / seconds,
      frameMs: work[Math.floor(work.length / 2)],
      frames: recent.length,
    };
  };

  let lastHashWrite = 0;
  function tick(): void {
    if (!playing) return;
    nextFrame(tick);
    if (busy) return;
    busy = true;
    const mine = generation;
    enqueue(async () => {
      const t0 = performance.now();
      if (!trainer || mine !== generation || !playing) return;
      const done = await trainer.step(store.get().spf);
      draw();
      const t1 = performance.now();
      recent.push({ t: t1, steps: done, work: t1 - t0 });
      if (t1 - lastHashWrite > 500) {
        lastHashWrite = t1;
        store.set({ epoch: trainer.epoch() }, "page");
      }
    }).finally(() => (busy = false));
  }

  const stepOnce = () =>
    enqueue(async () => {
      if (!trainer) return;
      if (trainer.stopped()) {
        note.textContent = trainer.stopped()!.message + " — press Reset or change a setting";
        return;
      }
      await trainer.step(store.get().spf);
      draw();
      store.set({ epoch: trainer.epoch() }, "page");
    });

  play.addEventListener("click", () => {
    if (!playing && trainer?.stopped()) {
      note.textContent = trainer.stopped()!.message + " — press Reset or change a setting";
      return;
    }
    setPlaying(!playing);
    if (!playing) enqueue(() => store.set({ epoch: trainer?.epoch() ?? 0 }, "page"));
  });
  byId("step").addEventListener("click", () => {
    setPlaying(false);
    stepOnce();
  });
  byId("reset").addEventListener("click", () => {
    store.set({ epoch: 0 }, "page");
    restart(0);
  });
  byId("download").addEventListener("click", () =>
    enqueue(() => {
      if (!trainer) return;
      let text: string;
      try {
        text = toJsonText(trainer.run());
      } catch (e) {
        note.textContent = `cannot download: ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      const a = doc.createElement("a");
      const href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      a.setAttribute("href", href);
      a.setAttribute("download", "training.json");
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      // deno task train reads and writes only figures/, whose top level holds the essay's own run: a folder of its own.
      note.textContent = `saved training.json (epoch ${trainer.epoch()}); move it to figures/my-run.json and render ` +
        `it into a folder of its own with deno task train -- --from figures/my-run.json --out figures/my-run`;
    }));
  mountDataPicker(store);
  mountActivationPicker(store);
  mountPyExport({ button: byId("download-py"), note, enqueue, run: () => trainer?.run() });
  store.subscribe([...CONFIG_KEYS, "epoch"], (s, changed, source) => {
    if (source === "link") {
      setPlaying(false);
      restart(s.epoch);
    } else if (changed.some((n) => n !== "epoch")) {
      store.set({ epoch: 0 }, "page");
      restart(0);
    }
  });
  store.subscribe(["spf"], () => draw());

  restart(store.get().epoch);
  return {
    settings: () => store.get(),
    state: () => ({
      epoch: trainer?.epoch() ?? 0,
      loss: trainer?.loss() ?? NaN,
      paramsEpoch: trainer?.paramsEpoch() ?? 0,
      playing,
      stopped: trainer?.stopped()?.message ?? "",
      backend: trainer?.backend ?? "",
      engine: trainer ? engineName : "",
      dead: view?.dead() ?? [],
    }),
    runJson: () => {
      if (!trainer) throw new Error("no run yet");
      return toJsonText(trainer.run());
    },
    params: () => {
      const p = trainer!.params();
      return { w0: [...p.w0], b0: [...p.b0], w1: [...p.w1], b1: p.b1 };
    },
    stats,
    idle: async () => {
      let seen: Promise<unknown>;
      do {
        seen = queue;
        await seen;
      } while (seen !== queue);
    },
  };
}
