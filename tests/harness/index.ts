/** @module Public entry point of the test harness: real servers, ptys, databases and browsers for suites. */
export { startNatsServer, type NatsServer, type NatsServerOptions } from './nats-server.ts';
export { openPtyPair, type PtyPair, type PtyPairOptions } from './socat-pty.ts';
export { openPtyEnd, type PtyEnd } from './pty-end.ts';
export { tempLevelDir, openTempLevel, type TempLevelDir, type TempLevel } from './temp-leveldb.ts';
export { launchChromium, phoneContext, artifactPath } from './chromium.ts';
export { useCleanups } from './cleanup.ts';
export { makeTempDir, removeTempDir } from './temp-dir.ts';
export { trackChild, terminate, exitDescription, type TrackedChild, type ExitInfo } from './child-process.ts';
export { resolveExecutable, waitForReady, type ReadyOptions } from './spawn-ready.ts';
export { waitFor } from './polling.ts';
export { freePort } from './ports.ts';
export { startNatsCluster, type NatsCluster } from './nats-cluster.ts';
export { freeze, thaw } from './freeze.ts';
