/**
 * The tasks an executor in another thread, process or machine can run by name (`TaskDefinition.name`): the ones the
 * analysis steps hand to their `Executor`.
 */
import { fluxPointsTask, tsMapTask } from "./estimation.js";
import { reduceMapRunTask } from "./map-reduction.js";
import { reduceSpectrumRunTask } from "./spectrum-reduction.js";
import type { TaskDefinition } from "./tasks.js";

/** Every task by name. */
export const TASKS: Readonly<Record<string, TaskDefinition<never, unknown>>> = Object.fromEntries(
  [reduceMapRunTask, reduceSpectrumRunTask, fluxPointsTask, tsMapTask].map((t) => [
    t.name,
    t as TaskDefinition<never, unknown>,
  ]),
);
