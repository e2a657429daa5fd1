/** @module The benchmark entries, in the order the table shows them. */
import { applianceIntakeBench } from './appliance-intake.bench.ts';
import type { BenchEntry } from './bench-types.ts';
import { envelopeLogBench } from './envelope-log.bench.ts';
import { p3DecodeBench } from './p3-decode.bench.ts';
import { passingLatencyBench } from './passing-latency.bench.ts';

export const ENTRIES: readonly BenchEntry[] = [p3DecodeBench, envelopeLogBench, applianceIntakeBench, passingLatencyBench];
