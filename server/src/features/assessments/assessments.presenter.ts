import {
  type AssessmentView,
  type BandId,
  DIMENSION_IDS,
  type DimensionScores,
  findInstrument,
  type InstrumentDefinition,
  type InstrumentView,
  rankDimensions,
} from '@roundtable/contract/assessments';
import type { Assessment } from '../../db/tables.js';

export const presentInstrument = (instrument: InstrumentDefinition): InstrumentView => ({
  version: instrument.version,
  items: instrument.items.map(({ id, text, dimension, reverse }) => ({ id, text, dimension, reverse })),
  dimensions: instrument.dimensions.map(({ id, name, description, weight }) => ({ id, name, description, weight })),
  scale: instrument.scale.map(({ value, label }) => ({ value, label })),
  bands: instrument.bands.map(({ id, name, min }) => ({ id, name, min })),
});

/** Advice for the two weakest dimensions, weakest first, in the words of the result's instrument version. */
export function adviceFor(instrument: InstrumentDefinition, dimensions: DimensionScores): AssessmentView['advice'] {
  return rankDimensions(instrument, dimensions)
    .slice(0, 2)
    .map((id) => ({
      dimension: id,
      name: instrument.dimensions.find((d) => d.id === id)?.name ?? id,
      score: dimensions[id],
      summary: instrument.advice[id].summary,
      steps: [...instrument.advice[id].steps],
    }));
}

export type ComputedResult = {
  id: string | null;
  instrumentVersion: number;
  overall: number;
  band: BandId;
  dimensions: DimensionScores;
  createdAt: string;
  saved: boolean;
};

export function presentResult(result: ComputedResult): AssessmentView {
  const instrument = findInstrument(result.instrumentVersion);
  if (!instrument) throw new Error(`a result names instrument version ${result.instrumentVersion}, which is gone`);
  return {
    id: result.id,
    instrumentVersion: result.instrumentVersion,
    overall: result.overall,
    band: result.band,
    dimensions: result.dimensions,
    advice: adviceFor(instrument, result.dimensions),
    createdAt: result.createdAt,
    saved: result.saved,
  };
}

/** The stored dimension scores, each read back as a whole number 0–100 (a missing one reads 0). */
export function dimensionsOf(row: Pick<Assessment, 'dimensions'>): DimensionScores {
  const stored = JSON.parse(row.dimensions) as Record<string, unknown>;
  return Object.fromEntries(
    DIMENSION_IDS.map((id) => {
      const value = stored[id];
      return [id, typeof value === 'number' ? value : 0];
    }),
  ) as DimensionScores;
}

export const presentAssessment = (row: Assessment): AssessmentView =>
  presentResult({
    id: row.id,
    instrumentVersion: row.instrumentVersion,
    overall: row.overall,
    band: row.band as BandId,
    dimensions: dimensionsOf(row),
    createdAt: row.createdAt,
    saved: true,
  });
