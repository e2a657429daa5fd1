/** @module What a benchmark entry reports, and the target it is judged against. */

export interface BenchResult {
  value: number;
  unit: string;
  /** Extra figures worth keeping in the report (sizes, counts, input used). */
  detail: Record<string, string | number>;
}

export interface BenchEntry {
  name: string;
  /** Pass when the result is at least (`higher`) or at most (`lower`) this value. */
  target: { value: number; better: 'higher' | 'lower' };
  run(): Promise<BenchResult>;
}
