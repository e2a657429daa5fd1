/** @module Race meeting formats: BMX moto sheets, transfers and mains; RC qualifying, mains with bumps and multiple A-mains; now and next. Pure and seeded. */
export { ADVANCE, type BmxFormat, type ResolvedFormat, resolveFormat, type TransferRow, type TransferTable, USA_BMX_TRANSFERS } from './bmx-format.ts';
export { proposeFromMotos, proposeNextStage, type MainsProposal } from './bmx-mains.ts';
export { compareBmx, rankByPoints, type BmxTieRule, type PointsRecord, type RankedRider } from './bmx-ranking.ts';
export { buildStage, racesFor, type BmxStage, type ProposedRace, type ProposedSlot, type StageOptions } from './bmx-stage.ts';
export { drawFirstRound, rotateLanes, rotationStep } from './lanes.ts';
export { mainsChanges, type MainsChange } from './mains-diff.ts';
export { readGroupMotos, type GroupMotos, type MotoResult, type ResultsById, type Transfer } from './moto-results.ts';
export { buildMotoSheet, motoLineup, planGroups } from './moto-sheet.ts';
export { nowAndNext, type NowAndNext, type RaceProgress } from './now-next.ts';
export { buildRcMains, fillBumps, mainLetter, rcMainsRunningOrder, type GridSlot, type RcMain, type RcMainsOptions } from './rc-mains.ts';
export { scoreMultipleMains, type MainLeg, type MultiMainRow, type MultiMainTieRule } from './rc-multi-a.ts';
export { bestConsecutive, rankQualifying, type RcRankingMethod, type RcRankRow, type RcTieRule } from './rc-qualifying.ts';
export { compareRun, qualifierRow, type QualifierRow, type QualifyingRound } from './rc-results.ts';
export { byLot, lotNumber, seedFromId, subSeed } from './seed.ts';
export type * from './sheet-types.ts';
export { dealSerpentine, splitSizes } from './splits.ts';
