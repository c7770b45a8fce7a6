import {
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { MeView } from '@roundtable/contract/accounts';
import {
  BIO_MAX_LENGTH,
  COMPANY_MAX_LENGTH,
  DECLARED_COMPANIES_MAX,
  EXPERTISE_MAX_TAGS,
  EXPERTISE_TAG_MAX_LENGTH,
  type FieldVisibility,
  HEADLINE_MAX_LENGTH,
  isValidTimeZone,
  JOB_TITLE_MAX_LENGTH,
  normaliseTag,
  type OwnProfileView,
  PROFILE_FIELDS,
  type ProfileField,
  type ProfileUpdateBody,
  type ProfileVisibility,
  WEBSITE_MAX_LENGTH,
  WEBSITE_PATTERN,
  YEARS_OF_EXPERIENCE_MAX,
} from '@roundtable/contract/profiles';
import { type ReactNode, useMemo, useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { isApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { fieldLabels, optionLists, selectData } from './profile-labels';
import { useSaveProfile } from './profiles.queries';
import { VisibilityControl } from './visibility-control';

type Values = {
  headline: string;
  jobTitle: string;
  level: string | null;
  function: string | null;
  industry: string | null;
  company: string;
  companySize: string | null;
  region: string | null;
  timeZone: string | null;
  yearsOfExperience: number | string;
  expertise: string[];
  competitors: string[];
  customers: string[];
  bio: string;
  website: string;
  visibility: ProfileVisibility;
};

const websitePattern = new RegExp(WEBSITE_PATTERN);

function valuesFrom(profile: OwnProfileView): Values {
  return {
    headline: profile.headline ?? '',
    jobTitle: profile.jobTitle ?? '',
    level: profile.level,
    function: profile.function,
    industry: profile.industry,
    company: profile.company ?? '',
    companySize: profile.companySize,
    region: profile.region,
    timeZone: profile.timeZone,
    yearsOfExperience: profile.yearsOfExperience ?? '',
    expertise: profile.expertise,
    competitors: profile.competitors,
    customers: profile.customers,
    bio: profile.bio ?? '',
    website: profile.website ?? '',
    visibility: profile.visibility,
  };
}

/** What the form holds, as the API takes it: empty text is null. */
function bodyFrom(values: Values): Required<Omit<ProfileUpdateBody, 'visibility' | 'competitors' | 'customers'>> {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    headline: text(values.headline),
    jobTitle: text(values.jobTitle),
    level: values.level as OwnProfileView['level'],
    function: values.function as OwnProfileView['function'],
    industry: values.industry as OwnProfileView['industry'],
    company: text(values.company),
    companySize: values.companySize as OwnProfileView['companySize'],
    region: values.region as OwnProfileView['region'],
    timeZone: values.timeZone,
    yearsOfExperience: values.yearsOfExperience === '' ? null : Number(values.yearsOfExperience),
    expertise: values.expertise,
    bio: text(values.bio),
    website: text(values.website),
  };
}

/** Only what changed, so two tabs editing different fields do not undo each other. */
function changesFrom(values: Values, initial: Values): ProfileUpdateBody {
  const next = bodyFrom(values);
  const before = bodyFrom(initial);
  const changes: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    if (JSON.stringify(next[field]) !== JSON.stringify(before[field])) changes[field] = next[field];
  }
  const visibility: Partial<ProfileVisibility> = {};
  for (const field of PROFILE_FIELDS) {
    if (values.visibility[field] !== initial.visibility[field]) visibility[field] = values.visibility[field];
  }
  if (Object.keys(visibility).length > 0) changes.visibility = visibility;
  // Declared companies are private and have no visibility, so they are compared on their own.
  for (const field of ['competitors', 'customers'] as const) {
    if (JSON.stringify(values[field]) !== JSON.stringify(initial[field])) changes[field] = values[field];
  }
  return changes as ProfileUpdateBody;
}

const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

/** Puts the server's `/profile/<field>` errors on their fields; answers the alert for the rest. */
function showServerErrors(error: unknown, setFieldError: (field: string, message: string) => void): string | null {
  if (!isApiError(error)) return formErrorMessageOf(error);
  let placed = 0;
  for (const detail of error.details) {
    const name = detail.path.split('/')[2] as ProfileField | undefined;
    if (name && (PROFILE_FIELDS as readonly string[]).includes(name)) {
      setFieldError(name, error.details.length === 1 ? error.message : `${fieldLabels[name]} ${detail.message}.`);
      placed += 1;
    }
  }
  return placed === error.details.length && placed > 0 ? null : formErrorMessageOf(error);
}

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section">
      <Stack gap={4} mb="lg">
        <Title order={2} fz="h3">
          {title}
        </Title>
        <Text c="dimmed" fz="sm">
          {description}
        </Text>
      </Stack>
      {children}
    </Paper>
  );
}

const validateCompanies = (value: string[]) =>
  value.length > DECLARED_COMPANIES_MAX
    ? `Up to ${DECLARED_COMPANIES_MAX} companies; remove ${value.length - DECLARED_COMPANIES_MAX}`
    : value.some((company) => company.length > COMPANY_MAX_LENGTH)
      ? `Each company name can be up to ${COMPANY_MAX_LENGTH} characters`
      : null;

/** Trimmed, without blanks or the same company twice (whatever its capitals). */
function tidyCompanies(companies: string[]): string[] {
  const seen = new Set<string>();
  return companies
    .map((company) => company.trim().replace(/\s+/g, ' '))
    .filter((company) => {
      const key = company.toLowerCase();
      if (company === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The profile form: role and company, expertise, about; each field says who will see it. */
export function ProfileEditor({ me }: { me: MeView }) {
  const save = useSaveProfile();
  const [alert, setAlert] = useState<string | null>(null);
  const zones = useMemo(timeZones, []);
  const form = useForm<Values>({
    initialValues: valuesFrom(me.profile),
    validate: {
      website: (value) =>
        value.trim() === '' || websitePattern.test(value.trim())
          ? null
          : 'Enter a full link that starts with https:// or http://',
      timeZone: (value) => (value === null || isValidTimeZone(value) ? null : 'Pick a time zone from the list'),
      expertise: (value) =>
        value.length > EXPERTISE_MAX_TAGS
          ? `Up to ${EXPERTISE_MAX_TAGS} topics; remove ${value.length - EXPERTISE_MAX_TAGS}`
          : value.some((tag) => tag.length > EXPERTISE_TAG_MAX_LENGTH)
            ? `Each topic can be up to ${EXPERTISE_TAG_MAX_LENGTH} characters`
            : null,
      competitors: validateCompanies,
      customers: validateCompanies,
    },
    enhanceGetInputProps: useLiveValidation<Values>(),
  });

  const field = (name: ProfileField) => ({
    label: fieldLabels[name],
    ...form.getInputProps(name),
  });
  const visibility = (name: ProfileField) => (
    <VisibilityControl
      fieldLabel={fieldLabels[name]}
      value={form.values.visibility[name]}
      onChange={(value: FieldVisibility) => form.setFieldValue(`visibility.${name}`, value)}
    />
  );

  const changes = changesFrom(form.values, form.getInitialValues());
  const hasChanges = Object.keys(changes).length > 0;

  const submit = form.onSubmit((values) => {
    setAlert(null);
    const body = changesFrom(values, form.getInitialValues());
    save.mutate(
      { profile: body },
      {
        onSuccess: (updated) => {
          const next = valuesFrom(updated.profile);
          form.setInitialValues(next);
          form.setValues(next);
          notifications.show({ color: 'teal', message: 'Your profile is saved.' });
        },
        onError: (error) => setAlert(showServerErrors(error, form.setFieldError)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Your peer profile">
      <Stack gap="lg">
        <FormAlert message={alert} />
        <Section
          title="Role & company"
          description="Peers find one another by level, function, industry and company size. “Only peers in my networks” means people who share a network with you — until you join one, only you and host admins."
        >
          <Stack gap="md">
            <div>
              <TextInput
                {...field('headline')}
                description="One line about what you do, e.g. “Scaling B2B sales teams across Europe”."
                maxLength={HEADLINE_MAX_LENGTH}
              />
              {visibility('headline')}
            </div>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
              <div>
                <TextInput {...field('jobTitle')} maxLength={JOB_TITLE_MAX_LENGTH} autoComplete="organization-title" />
                {visibility('jobTitle')}
              </div>
              <div>
                <Select {...field('level')} data={selectData(optionLists.level)} clearable placeholder="Choose" />
                {visibility('level')}
              </div>
              <div>
                <Select
                  {...field('function')}
                  data={selectData(optionLists.function)}
                  clearable
                  searchable
                  placeholder="Choose"
                />
                {visibility('function')}
              </div>
              <div>
                <Select
                  {...field('industry')}
                  data={selectData(optionLists.industry)}
                  clearable
                  searchable
                  placeholder="Choose"
                />
                {visibility('industry')}
              </div>
              <div>
                <TextInput {...field('company')} maxLength={COMPANY_MAX_LENGTH} autoComplete="organization" />
                {visibility('company')}
              </div>
              <div>
                <Select
                  {...field('companySize')}
                  data={selectData(optionLists.companySize)}
                  clearable
                  placeholder="Choose"
                />
                {visibility('companySize')}
              </div>
              <div>
                <NumberInput
                  {...field('yearsOfExperience')}
                  min={0}
                  max={YEARS_OF_EXPERIENCE_MAX}
                  allowDecimal={false}
                  allowNegative={false}
                />
                {visibility('yearsOfExperience')}
              </div>
              <div>
                <Select {...field('region')} data={selectData(optionLists.region)} clearable placeholder="Choose" />
                {visibility('region')}
              </div>
              <div>
                <Select
                  {...field('timeZone')}
                  data={zones}
                  searchable
                  clearable
                  limit={50}
                  placeholder={Intl.DateTimeFormat().resolvedOptions().timeZone}
                />
                {visibility('timeZone')}
              </div>
            </SimpleGrid>
          </Stack>
        </Section>
        <Section title="Expertise" description="Topics you can help peers with; questions on these can reach you.">
          <TagsInput
            {...field('expertise')}
            description={`Up to ${EXPERTISE_MAX_TAGS} topics; press Enter or a comma after each.`}
            maxTags={EXPERTISE_MAX_TAGS}
            splitChars={[',']}
            clearable
            onChange={(tags) => form.setFieldValue('expertise', [...new Set(tags.map(normaliseTag).filter(Boolean))])}
          />
          {visibility('expertise')}
        </Section>
        <Section
          title="Conflict-of-interest screen"
          description="Private: only you see these lists. Roundtable uses them to flag conflicts to the facilitators of a network you apply to, so competitors do not end up in one room."
        >
          <Stack gap="md">
            <TagsInput
              label="Competitors"
              description={`Companies you compete with; up to ${DECLARED_COMPANIES_MAX}. Press Enter or a comma after each.`}
              maxTags={DECLARED_COMPANIES_MAX}
              splitChars={[',']}
              clearable
              clearButtonProps={{ 'aria-label': 'Remove every competitor' }}
              {...form.getInputProps('competitors')}
              onChange={(companies) => form.setFieldValue('competitors', tidyCompanies(companies))}
            />
            <TagsInput
              label="Customers"
              description={`Your main customers; up to ${DECLARED_COMPANIES_MAX}. Facilitators are told when someone from one of them would share a network with you.`}
              maxTags={DECLARED_COMPANIES_MAX}
              splitChars={[',']}
              clearable
              clearButtonProps={{ 'aria-label': 'Remove every customer' }}
              {...form.getInputProps('customers')}
              onChange={(companies) => form.setFieldValue('customers', tidyCompanies(companies))}
            />
          </Stack>
        </Section>
        <Section
          title="About"
          description="A few sentences for peers deciding whether to ask you, and where to read more."
        >
          <Stack gap="md">
            <div>
              <Textarea {...field('bio')} autosize minRows={3} maxRows={10} maxLength={BIO_MAX_LENGTH} />
              <Text fz="xs" c="dimmed" ta="right" aria-live="polite">
                {form.values.bio.length} / {BIO_MAX_LENGTH}
              </Text>
              {visibility('bio')}
            </div>
            <div>
              <TextInput
                {...field('website')}
                type="url"
                placeholder="https://"
                maxLength={WEBSITE_MAX_LENGTH}
                autoComplete="url"
              />
              {visibility('website')}
            </div>
          </Stack>
        </Section>
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!hasChanges || save.isPending}>
            Save profile
          </Button>
          {hasChanges ? (
            <Button variant="subtle" onClick={() => form.reset()}>
              Discard changes
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
