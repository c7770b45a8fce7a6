import {
  COMPANY_SIZES,
  FUNCTIONS,
  INDUSTRIES,
  LEVELS,
  type Option,
  type ProfileField,
  REGIONS,
} from '@roundtable/contract/profiles';

/** Mantine select data from one of the contract's lists. */
export const selectData = (options: readonly Option[]) =>
  options.map((option) => ({ value: option.id, label: option.label }));

export const labelOf = (options: readonly Option[], id: string | null | undefined): string | null =>
  options.find((option) => option.id === id)?.label ?? null;

export const optionLists = {
  level: LEVELS,
  function: FUNCTIONS,
  industry: INDUSTRIES,
  region: REGIONS,
  companySize: COMPANY_SIZES,
} as const;

/** What each field is called on forms and profile pages. */
export const fieldLabels: Record<ProfileField, string> = {
  headline: 'Headline',
  jobTitle: 'Job title',
  level: 'Level',
  function: 'Function',
  industry: 'Industry',
  company: 'Company',
  companySize: 'Company size',
  region: 'Region',
  timeZone: 'Time zone',
  yearsOfExperience: 'Years of experience',
  expertise: 'Expertise',
  bio: 'About',
  website: 'Website or blog',
};
