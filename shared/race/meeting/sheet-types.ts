/** @module The shapes of a BMX moto sheet: classes in, groups (a class or classes ridden together), motos with lanes, and the day's running order. */

export interface SheetRider {
  rider_id: string;
  plate: string | null;
}

export interface SheetClass {
  class_id: string;
  riders: SheetRider[];
  /** Rider ids best first (last event's results, a ranking). Riders not listed are drawn after them. */
  seeding?: string[] | null;
}

export interface SheetOptions {
  /** From the logged intent's id (`seedFromId`): the same seed gives the same sheet on every replay. */
  seed: number;
  /** Moto rounds before mains: 3 in USA BMX and UCI, 4 for a UK "Grand Prix", 5 for AusCycling small classes. */
  rounds?: number;
  /** Lanes on the gate. */
  gate_size?: number;
  /** Lists of class ids the operator allows to ride together when small; each list combines in its own order. */
  combine?: string[][];
  /** Prefix for the motos' race ids (`<prefix>moto-<number>`). */
  race_id_prefix?: string;
}

export interface LaneSlot {
  lane: number;
  rider_id: string;
  plate: string | null;
  class_id: string;
}

/** One class, or small classes combined: ridden, scored and sent to mains as one. */
export interface SheetGroup {
  group_id: string;
  class_ids: string[];
  /** Rider ids of each split (A, B, …): a split keeps its riders in every round. */
  splits: string[][];
}

export interface SheetMoto {
  /** 1..N over the day, in running order. */
  number: number;
  race_id: string;
  round: number;
  group_id: string;
  class_ids: string[];
  /** 0 for split A, 1 for B, …. */
  split: number;
  splits: number;
  /** Riders by lane, inside (1) first. */
  lineup: LaneSlot[];
}

export interface MotoSheet {
  seed: number;
  rounds: number;
  gate_size: number;
  groups: SheetGroup[];
  /** Round by round, group by group (in the classes' order), split by split. */
  motos: SheetMoto[];
}
