import type { StoredQuestion } from '../features/pulses/pulses.presenter.js';

/** A stored pulse question with everything but its id and type defaulted, for pure presenter tests. */
export const storedQuestion = (
  overrides: Partial<StoredQuestion> & Pick<StoredQuestion, 'id' | 'type'>,
): StoredQuestion => ({
  prompt: `Prompt ${overrides.id}`,
  options: [],
  min: null,
  max: null,
  unit: null,
  labels: null,
  ...overrides,
});
