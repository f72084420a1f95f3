/**
 * The worker pool of `deno task figures` (see `figures.ts`): two workers,
 * each taking the next job it may run (any, or those pinned to it) when it
 * is free; a job that waits (for the training run, for the frames of its GIF,
 * for the measurements it draws, for other jobs' results) is taken in its
 * turn, and the worker first loads its modules while it waits.
 *
 * @module
 */
import { RunError, UsageError } from "../errors.ts";
import type { FiguresJob, FiguresJobPart, FiguresJobReply } from "./figures_worker.ts";
import { clockMs, type JobRecord } from "./timings.ts";

/** A job, or one that waits (for the training run, or for other jobs' results); `kind` is known before it is ready. */
export interface PendingJob {
  /** The job's kind, which says what modules it loads. */
  kind: Exclude<FiguresJob["kind"], "load">;
  /** The job, or when it waits, the promise of it. */
  job: FiguresJob | Promise<FiguresJob>;
  /** Seconds of one core it takes, roughly: the queue is sorted by it, longest first. */
  cost: number;
  /** Receives the job's result. */
  onResult?: (result: unknown) => void;
  /** Receives a part of its result posted before it ends (see `FiguresJobPart`). */
  onPart?: (part: unknown) => void;
  /** The worker that must run it (its index), when not any: e.g. the one that has loaded what it needs. */
  worker?: number;
}

function rethrow(reply: Extract<FiguresJobReply, { ok: false }>, kind: string): never {
  if (reply.errorClass === "UsageError") throw new UsageError(reply.message);
  if (reply.errorClass === "RunError") throw new RunError(reply.message);
  const e = new Error(`figures: the ${kind} job failed: ${reply.message}`);
  if (reply.stack) e.stack = reply.stack;
  throw e;
}

/** What {@link runJobs} returns: the replies in job order, each worker's busy time in milliseconds, and timings. */
export interface JobsDone {
  /** The jobs as they ran (a waiting job once it was ready), in the queue's order. */
  jobs: FiguresJob[];
  /** Their replies, in the same order. */
  replies: FiguresJobReply[];
  /** Each worker's time from its first job to its last reply, ms. */
  busyMs: number[];
  /** When each worker was created (`clockMs`). */
  createdAt: number[];
  /** Each job's record for the profile, in the order they ended. */
  records: JobRecord[];
}

/** A job's name in the profile. */
function jobLabel(job: FiguresJob): string {
  switch (job.kind) {
    case "load":
      return `load the modules of a ${job.for} job`;
    case "static":
      return "static figures";
    case "measure":
      return "static figures, measuring";
    case "explore":
      return "static figures, the explore page";
    case "measured_figures":
      return "static figures, measured";
    case "training_frames":
      return "training outputs: svg";
    case "training_gif":
      return "training outputs: gif";
    case "training_outputs":
      return `training outputs: ${job.formats.join(", ")}`;
    case "sweep":
      return `sweep: ${job.setting}, ${job.precision}`;
    case "dead_units":
      return `dead units: lr ${job.lrs.join(", ")}`;
    case "sweep_files":
      return "the sweep's files";
    case "dead_unit_files":
      return "the dead-unit grid's files";
    case "rerenders":
      return "the files of the experiments not rerun";
  }
}

/**
 * Runs `pending` on `workers` workers, at most one job per worker at a time;
 * results in job order. A worker whose next job still waits (for the
 * training run) first loads that job's modules.
 */
export async function runJobs(pending: Promise<PendingJob[]>, workers: number): Promise<JobsDone> {
  const createdAt: number[] = [];
  const pool: Worker[] = [];
  // The workers start (and load their entry module) while this thread decides the jobs and trains.
  for (let w = 0; w < workers; w++) {
    createdAt[w] = clockMs();
    pool.push(new Worker(new URL("./figures_worker.ts", import.meta.url).href, { type: "module" }));
  }
  const busyMs: number[] = [];
  const records: JobRecord[] = [];
  let queue: PendingJob[] = [];
  const taken = new Set<number>();
  const waited = new Set<number>(); // the jobs that waited (for the run, or for other jobs) and wait no more
  // Worker w's next job, among those not taken that are for any worker or for w: one that waited and is ready now
  // (the files of the sweep, as soon as its cells are in, rather than after the last dead-unit row), else the first
  // one, in the queue's order.
  const takeNext = (w: number): number | undefined => {
    const open = queue.map((_, i) => i).filter((i) => !taken.has(i) && (queue[i].worker ?? w) === w);
    const i = open.find((j) => waited.has(j)) ?? open[0];
    if (i !== undefined) taken.add(i);
    return i;
  };
  const post = (w: number, job: FiguresJob, onPart?: (part: unknown) => void) =>
    new Promise<FiguresJobReply>((resolve) => {
      const worker = pool[w];
      worker.onmessage = (e: MessageEvent<FiguresJobReply | FiguresJobPart>) => {
        if ("part" in e.data) onPart?.(e.data.part);
        else resolve(e.data);
      };
      worker.onerror = (e) => {
        e.preventDefault();
        resolve({ ok: false, errorClass: "Error", message: e.message });
      };
      worker.postMessage(job);
    });
  const drive = async (w: number) => {
    const started = performance.now();
    busyMs[w] = 0;
    for (let i = takeNext(w); i !== undefined; i = takeNext(w)) {
      let job = queue[i].job;
      if (job instanceof Promise) {
        const load: FiguresJob = { kind: "load", for: queue[i].kind };
        const postedAt = clockMs();
        const [reply, ready] = await Promise.all([post(w, load), job]);
        if (!reply.ok) rethrow(reply, load.kind);
        records.push({ label: jobLabel(load), worker: w, postedAt, repliedAt: clockMs(), timing: reply.timing });
        job = ready;
      }
      jobs[i] = job;
      const postedAt = clockMs();
      const reply = await post(w, job, queue[i].onPart);
      if (!reply.ok) rethrow(reply, job.kind);
      records.push({ label: jobLabel(job), worker: w, postedAt, repliedAt: clockMs(), timing: reply.timing });
      replies[i] = reply;
      queue[i].onResult?.(reply.result);
    }
    busyMs[w] = performance.now() - started;
  };
  let jobs: FiguresJob[] = [];
  let replies: FiguresJobReply[] = [];
  try {
    queue = await pending;
    queue.forEach((q, i) => {
      if (q.job instanceof Promise) q.job.then(() => waited.add(i), () => {});
    });
    jobs = new Array(queue.length);
    replies = new Array(queue.length);
    await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, (_, w) => drive(w)));
  } finally {
    for (const w of pool) w.terminate();
  }
  return { jobs, replies, busyMs, createdAt, records };
}
