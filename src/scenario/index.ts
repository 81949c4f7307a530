/** The scenario layer: scenario files, churn timelines and workload plans. */
export {
  scenarioSchema,
  scenarioInputSchema,
  quantityKindOf,
  ALGORITHMS,
  DISTRIBUTIONS,
  type Scenario,
  type ScenarioInput,
  type AlgorithmName,
  type DistributionName,
  type UnderlaySettings,
  type ChurnSettings,
  type DistributionSettings,
  type WorkloadSettings,
  type AlmSettings,
} from './schema.ts';
export { DERIVED, runTimes, peerSlotCount, type RunTimes } from './schema-derive.ts';
export { SCRIBE5050 } from './schema-checks.ts';
export { hostRanges } from './host-ranges.ts';
export { parseScenario, loadScenario, resolveScenario, overrideScenario, parseDocument, defaultName, displayPath, type ResolveOptions } from './load.ts';
export { applyOverrides, overriddenPaths, OVERRIDE_FILE } from './overrides.ts';
export { toResolvedYaml, toDocument, type ResolvedYamlOptions } from './resolved-yaml.ts';
export { ScenarioError, formatProblem, describeFound, type Problem } from './errors.ts';
export { parseQuantity, formatQuantity, QUANTITY_EXPECTED, type QuantityKind } from './quantities.ts';
export { fieldDocs, fieldDocsMarkdown, type FieldDoc } from './field-docs.ts';
export { summarizeScenario } from './summary.ts';
export { makeSampler, gamma, DistributionError, type Sampler, type DistributionSpec } from './distributions.ts';
export { churnTimeline, collectChurn, LifetimeChurn, type ChurnEvent, type ChurnTimeline, type LifetimeChurnInit } from './churn.ts';
export { loadChurnTrace, parseChurnTrace, CHURN_KINDS, type ChurnKind, type ChurnTrace } from './churn-trace.ts';
export {
  planWorkload,
  messageSchedule,
  zipfScribeSize,
  STREAMS,
  type GroupPlan,
  type WorkloadPlan,
  type MessageSend,
} from './workload.ts';
