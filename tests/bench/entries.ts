/** @module The benchmark entries, in the order the table shows them. */
import { APPLIANCE_BUNDLE_BENCHES } from './appliance-bundle.bench.ts';
import { applianceIntakeBench } from './appliance-intake.bench.ts';
import type { BenchEntry } from './bench-types.ts';
import { bmxMeetingBench } from './bmx-meeting.bench.ts';
import { cliStartupBench } from './cli-startup.bench.ts';
import { cloudDrainBench } from './cloud-drain.bench.ts';
import { cloudLiveLatencyBench } from './cloud-live-latency.bench.ts';
import { cloudTakeoverBench } from './cloud-takeover.bench.ts';
import { driverHistoryBench } from './driver-history.bench.ts';
import { engineReplayBench } from './engine-replay.bench.ts';
import { envelopeLogBench } from './envelope-log.bench.ts';
import { FLOOD_BENCHES } from './flood.bench.ts';
import { gatewayFanoutBench } from './gateway-fanout.bench.ts';
import { ingestThroughputBench } from './ingest-throughput.bench.ts';
import { liveLatencyBench } from './live-latency.bench.ts';
import { LIVERC_INGEST_BENCHES } from './liverc-ingest.bench.ts';
import { livercParseBench } from './liverc-parse.bench.ts';
import { p3DecodeBench } from './p3-decode.bench.ts';
import { passingLatencyBench } from './passing-latency.bench.ts';
import { portalBundleBench, portalFirstChartBench } from './portal.bench.ts';
import { replaySpeedBench } from './replay-speed.bench.ts';
import { resultsSheetBench } from './results-sheet.bench.ts';
import { scoreboardBundleBench } from './scoreboard-bundle.bench.ts';

export const ENTRIES: readonly BenchEntry[] = [p3DecodeBench, envelopeLogBench, applianceIntakeBench, passingLatencyBench, engineReplayBench, replaySpeedBench, bmxMeetingBench, resultsSheetBench, liveLatencyBench, scoreboardBundleBench, ...FLOOD_BENCHES, livercParseBench, ...LIVERC_INGEST_BENCHES, ingestThroughputBench, gatewayFanoutBench, cloudLiveLatencyBench, cloudDrainBench, cloudTakeoverBench, portalBundleBench, portalFirstChartBench, driverHistoryBench, cliStartupBench, ...APPLIANCE_BUNDLE_BENCHES];
