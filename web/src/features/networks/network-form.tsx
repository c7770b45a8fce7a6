import {
  ActionIcon,
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  APPLICATION_QUESTION_MAX_LENGTH,
  APPLICATION_QUESTIONS_MAX,
  AUDIENCE_DIMENSIONS,
  type AudienceDimension,
  CADENCES,
  type Cadence,
  CHARTER_MAX_LENGTH,
  DEFAULT_CHARTER,
  DEFAULT_CONFIDENTIALITY,
  HOME_LOCATION_MAX_LENGTH,
  JOIN_POLICIES,
  type JoinPolicy,
  NETWORK_FORMATS,
  NETWORK_NAME_MAX_LENGTH,
  NETWORK_PURPOSE_MAX_LENGTH,
  NETWORK_SIZE_LIMIT_MAX,
  NETWORK_SLUG_MAX_LENGTH,
  type NetworkAudience,
  type NetworkCreateBody,
  type NetworkFormat,
  type NetworkUpdateBody,
  type NetworkView,
  SLUG_PATTERN,
  slugify,
} from '@roundtable/contract/networks';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { applyApiError } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { selectData } from '../profiles/profile-labels';
import { audienceLabels, audienceOptions } from './network-labels';

export type NetworkFormValues = {
  name: string;
  slug: string;
  purpose: string;
  format: NetworkFormat;
  homeLocation: string;
  cadence: Cadence;
  sizeLimit: number | string;
  joinPolicy: JoinPolicy;
  listed: boolean;
  audience: NetworkAudience;
  applicationQuestions: string[];
  allowMemberInvites: boolean;
  experienceProtocol: boolean;
  refuseSameCompany: boolean;
  refuseCompetitors: boolean;
  charter: string;
  confidentiality: string;
};

const FIELDS: Record<string, string> = {
  name: 'Name',
  slug: 'Web address',
  purpose: 'Purpose',
  homeLocation: 'Home location',
  sizeLimit: 'Size limit',
  charter: 'Charter',
  confidentiality: 'Confidentiality agreement',
  applicationQuestions: 'Application questions',
  audience: 'Who it is for',
};

const slugPattern = new RegExp(SLUG_PATTERN);

export const newNetworkValues = (): NetworkFormValues => ({
  name: '',
  slug: '',
  purpose: '',
  format: 'online',
  homeLocation: '',
  cadence: 'monthly',
  sizeLimit: 20,
  joinPolicy: 'application',
  listed: true,
  audience: { levels: [], functions: [], industries: [], companySizes: [], regions: [] },
  applicationQuestions: [],
  allowMemberInvites: false,
  experienceProtocol: false,
  refuseSameCompany: true,
  refuseCompetitors: true,
  charter: DEFAULT_CHARTER,
  confidentiality: DEFAULT_CONFIDENTIALITY,
});

export const networkValues = (network: NetworkView): NetworkFormValues => ({
  name: network.name,
  slug: network.slug,
  purpose: network.purpose,
  format: network.format,
  homeLocation: network.homeLocation ?? '',
  cadence: network.cadence,
  sizeLimit: network.sizeLimit ?? '',
  joinPolicy: network.joinPolicy,
  listed: network.listed,
  audience: network.audience,
  applicationQuestions: network.applicationQuestions,
  allowMemberInvites: network.allowMemberInvites,
  experienceProtocol: network.experienceProtocol,
  refuseSameCompany: network.conflictRules.refuseSameCompany,
  refuseCompetitors: network.conflictRules.refuseCompetitors,
  charter: network.charter,
  confidentiality: network.confidentiality,
});

/** The whole form as the API's create body: blank text becomes null, the remote format has no home. */
export function createBodyFrom(values: NetworkFormValues): NetworkCreateBody {
  const homeLocation = values.format === 'online' ? '' : values.homeLocation.trim();
  return {
    name: values.name.trim(),
    slug: values.slug,
    purpose: values.purpose.trim(),
    format: values.format,
    homeLocation: homeLocation === '' ? null : homeLocation,
    cadence: values.cadence,
    sizeLimit: values.sizeLimit === '' ? null : Number(values.sizeLimit),
    joinPolicy: values.joinPolicy,
    listed: values.listed,
    audience: values.audience,
    applicationQuestions: values.applicationQuestions.map((question) => question.trim()).filter(Boolean),
    allowMemberInvites: values.allowMemberInvites,
    experienceProtocol: values.experienceProtocol,
    conflictRules: { refuseSameCompany: values.refuseSameCompany, refuseCompetitors: values.refuseCompetitors },
    charter: values.charter.trim(),
    confidentiality: values.confidentiality.trim(),
  };
}

/** Only what changed, so a save never bumps the charter version by rewriting the same text. */
export function updateBodyFrom(values: NetworkFormValues, initial: NetworkFormValues): NetworkUpdateBody {
  const next = createBodyFrom(values);
  const before = createBodyFrom(initial);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof NetworkCreateBody)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) changes[key] = next[key];
  }
  return changes as NetworkUpdateBody;
}

const text = (label: string, max: number) => (value: string) =>
  value.trim() === '' ? `${label} is needed.` : value.length > max ? `Keep it under ${max} characters.` : null;

function validate(values: NetworkFormValues): Record<string, string | null> {
  const errors: Record<string, string | null> = {
    name: text('A name', NETWORK_NAME_MAX_LENGTH)(values.name),
    purpose: text('A purpose', NETWORK_PURPOSE_MAX_LENGTH)(values.purpose),
    slug:
      values.slug.length < 2 || values.slug.length > NETWORK_SLUG_MAX_LENGTH || !slugPattern.test(values.slug)
        ? `Use 2 to ${NETWORK_SLUG_MAX_LENGTH} lower-case letters, digits and single hyphens, e.g. cfo-circle-berlin.`
        : null,
    homeLocation:
      values.format !== 'online' && values.homeLocation.length > HOME_LOCATION_MAX_LENGTH
        ? `Keep it under ${HOME_LOCATION_MAX_LENGTH} characters.`
        : null,
    sizeLimit:
      values.sizeLimit !== '' &&
      (typeof values.sizeLimit !== 'number' || values.sizeLimit < 2 || values.sizeLimit > NETWORK_SIZE_LIMIT_MAX)
        ? `Between 2 and ${NETWORK_SIZE_LIMIT_MAX} members, or empty for no limit.`
        : null,
    charter: text('A charter', CHARTER_MAX_LENGTH)(values.charter),
    confidentiality: text('A confidentiality agreement', CHARTER_MAX_LENGTH)(values.confidentiality),
  };
  values.applicationQuestions.forEach((question, index) => {
    errors[`applicationQuestions.${index}`] =
      question.trim() === ''
        ? 'Write the question, or remove it.'
        : question.length > APPLICATION_QUESTION_MAX_LENGTH
          ? `Keep it under ${APPLICATION_QUESTION_MAX_LENGTH} characters.`
          : null;
  });
  return errors;
}

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const id = `network-form-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby={id}>
      <Stack gap={4} mb="lg">
        <Title order={2} fz="h4" id={id}>
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

function Counter({ value, max }: { value: string; max: number }) {
  return (
    <Text fz="xs" c="dimmed" ta="right" mt={2}>
      {value.length} / {max}
    </Text>
  );
}

type NetworkFormProps = {
  initialValues: NetworkFormValues;
  /** `create` derives the web address from the name until it is edited; `edit` warns before a charter change. */
  mode: 'create' | 'edit';
  submitLabel: string;
  pending: boolean;
  /**
   * Sends the values. Resolves with what the server stored, for the form to start again from, or
   * rejects with the server's refusal, which the form puts on its fields.
   */
  onSubmit: (values: NetworkFormValues, initial: NetworkFormValues) => Promise<NetworkFormValues | null>;
};

/** Everything a network is, in one form: used to create a network and to change its settings. */
export function NetworkForm({ initialValues, mode, submitLabel, pending, onSubmit }: NetworkFormProps) {
  const [alert, setAlert] = useState<string | null>(null);
  const [slugEdited, setSlugEdited] = useState(mode === 'edit');
  const form = useForm<NetworkFormValues>({
    initialValues,
    validate,
    enhanceGetInputProps: useLiveValidation<NetworkFormValues>(),
  });
  const initial = form.getInitialValues();
  const charterChanged =
    mode === 'edit' &&
    (form.values.charter.trim() !== initial.charter.trim() ||
      form.values.confidentiality.trim() !== initial.confidentiality.trim());
  const hasChanges = mode === 'create' || Object.keys(updateBodyFrom(form.values, initial)).length > 0;

  const submit = form.onSubmit((values) => {
    setAlert(null);
    onSubmit(values, form.getInitialValues()).then(
      (saved) => {
        if (!saved) return;
        form.setInitialValues(saved);
        form.setValues(saved);
      },
      (error: unknown) => setAlert(applyApiError(error, FIELDS, form.setFieldError)),
    );
  });

  const nameProps = form.getInputProps('name');
  const questions = form.values.applicationQuestions;

  return (
    <form onSubmit={submit} noValidate aria-label={mode === 'create' ? 'New network' : 'Network settings'}>
      <Stack gap="lg">
        <FormAlert message={alert} />
        <Section title="The basics" description="What the network is called and what it is for, in a few sentences.">
          <Stack gap="md">
            <TextInput
              label="Name"
              placeholder="CFO Circle Berlin"
              required
              maxLength={NETWORK_NAME_MAX_LENGTH}
              {...nameProps}
              onChange={(event) => {
                nameProps.onChange(event);
                if (!slugEdited) form.setFieldValue('slug', slugify(event.currentTarget.value));
              }}
            />
            <TextInput
              label="Web address"
              description={`The network's page: /networks/${form.values.slug || 'name-of-network'}`}
              required
              maxLength={NETWORK_SLUG_MAX_LENGTH}
              {...form.getInputProps('slug')}
              onChange={(event) => {
                setSlugEdited(true);
                form.setFieldValue('slug', event.currentTarget.value.toLowerCase());
              }}
            />
            <div>
              <Textarea
                label="Purpose"
                description="Why these peers meet and what members get from it. The directory shows it first."
                required
                autosize
                minRows={3}
                maxRows={10}
                maxLength={NETWORK_PURPOSE_MAX_LENGTH}
                {...form.getInputProps('purpose')}
              />
              <Counter value={form.values.purpose} max={NETWORK_PURPOSE_MAX_LENGTH} />
            </div>
          </Stack>
        </Section>

        <Section title="How it meets" description="Where and how often the members meet, and how many it takes.">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
            <Select
              label="Format"
              data={selectData(NETWORK_FORMATS)}
              allowDeselect={false}
              required
              {...form.getInputProps('format')}
            />
            {form.values.format === 'online' ? null : (
              <TextInput
                label="Home location"
                description="The city or venue where members meet in person."
                placeholder="Berlin"
                maxLength={HOME_LOCATION_MAX_LENGTH}
                {...form.getInputProps('homeLocation')}
              />
            )}
            <Select
              label="Meets"
              data={selectData(CADENCES)}
              allowDeselect={false}
              required
              {...form.getInputProps('cadence')}
            />
            <NumberInput
              label="Size limit"
              description="Peer groups work best with 8 to 20 members. Empty for no limit."
              placeholder="No limit"
              min={2}
              max={NETWORK_SIZE_LIMIT_MAX}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('sizeLimit')}
            />
          </SimpleGrid>
        </Section>

        <Section
          title="Who it is for"
          description="The directory ranks networks by how well they fit each member's profile. Leave a list empty to welcome anyone on it."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
            {AUDIENCE_DIMENSIONS.map((dimension: AudienceDimension) => (
              <MultiSelect
                key={dimension}
                label={audienceLabels[dimension]}
                placeholder={form.values.audience[dimension].length === 0 ? 'Anyone' : undefined}
                data={selectData(audienceOptions[dimension])}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': `Clear ${audienceLabels[dimension].toLowerCase()}` }}
                hidePickedOptions
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps(`audience.${dimension}`)}
              />
            ))}
          </SimpleGrid>
        </Section>

        <Section title="Joining" description="How people become members, and what facilitators ask them.">
          <Stack gap="lg">
            <Radio.Group label="Who can join" required {...form.getInputProps('joinPolicy')}>
              <Stack gap="sm" mt="xs">
                {JOIN_POLICIES.map((policy) => (
                  <Radio key={policy.id} value={policy.id} label={policy.label} />
                ))}
              </Stack>
            </Radio.Group>
            <Switch
              label="Listed in the directory"
              description="Unlisted networks are found only by their members and the people they invite."
              {...form.getInputProps('listed', { type: 'checkbox' })}
            />
            <Switch
              label="Members can invite peers"
              description="Otherwise only facilitators send invitations."
              {...form.getInputProps('allowMemberInvites', { type: 'checkbox' })}
            />
            <Switch
              label="Ask replies for experience, not advice"
              description="Replies are asked to share their own experience, not advice — the Gestalt protocol."
              {...form.getInputProps('experienceProtocol', { type: 'checkbox' })}
            />
            <Stack gap="xs">
              <Text fz="sm" fw={600} id="application-questions">
                Application questions
              </Text>
              <Text fz="xs" c="dimmed" mt={-6}>
                Up to {APPLICATION_QUESTIONS_MAX} questions applicants answer besides why they want to join and what
                they bring.
              </Text>
              {questions.map((_, index) => (
                <Group
                  // biome-ignore lint/suspicious/noArrayIndexKey: questions have no identity beyond their position.
                  key={index}
                  gap="xs"
                  align="flex-start"
                  wrap="nowrap"
                >
                  <TextInput
                    style={{ flex: 1 }}
                    label={`Question ${index + 1}`}
                    maxLength={APPLICATION_QUESTION_MAX_LENGTH}
                    {...form.getInputProps(`applicationQuestions.${index}`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    mt={25}
                    aria-label={`Remove question ${index + 1}`}
                    onClick={() => form.removeListItem('applicationQuestions', index)}
                  >
                    <IconTrash size={16} aria-hidden="true" />
                  </ActionIcon>
                </Group>
              ))}
              {questions.length < APPLICATION_QUESTIONS_MAX ? (
                <Group>
                  <Button
                    variant="default"
                    size="compact-sm"
                    leftSection={<IconPlus size={14} aria-hidden="true" />}
                    onClick={() => form.insertListItem('applicationQuestions', '')}
                  >
                    Add a question
                  </Button>
                </Group>
              ) : null}
            </Stack>
          </Stack>
        </Section>

        <Section
          title="Conflicts of interest"
          description="Members speak freely only among non-competitors. Facilitators always see the conflicts an applicant would bring; these rules refuse them outright."
        >
          <Stack gap="md">
            <Switch
              label="Refuse a second member from the same company"
              {...form.getInputProps('refuseSameCompany', { type: 'checkbox' })}
            />
            <Switch
              label="Refuse declared competitors"
              description="Someone whose company a member declared a competitor, or who declared a member's company one."
              {...form.getInputProps('refuseCompetitors', { type: 'checkbox' })}
            />
          </Stack>
        </Section>

        <Section
          title="Charter and confidentiality"
          description="What every member agrees to before taking part. Keep it short and concrete."
        >
          <Stack gap="md">
            {charterChanged ? (
              <Alert
                color="yellow"
                variant="light"
                icon={<IconAlertTriangle size={18} aria-hidden="true" />}
                title="Members will be asked to accept again"
              >
                Saving a new charter or confidentiality text makes it a new version. Every member is asked to read and
                accept it before they continue.
              </Alert>
            ) : null}
            <div>
              <Textarea
                label="Charter"
                required
                autosize
                minRows={5}
                maxRows={16}
                maxLength={CHARTER_MAX_LENGTH}
                {...form.getInputProps('charter')}
              />
              <Counter value={form.values.charter} max={CHARTER_MAX_LENGTH} />
            </div>
            <div>
              <Textarea
                label="Confidentiality agreement"
                required
                autosize
                minRows={4}
                maxRows={16}
                maxLength={CHARTER_MAX_LENGTH}
                {...form.getInputProps('confidentiality')}
              />
              <Counter value={form.values.confidentiality} max={CHARTER_MAX_LENGTH} />
            </div>
          </Stack>
        </Section>

        <Group>
          <Button type="submit" loading={pending} disabled={!hasChanges || pending}>
            {submitLabel}
          </Button>
          {mode === 'edit' && hasChanges ? (
            <Button variant="subtle" onClick={() => form.reset()}>
              Discard changes
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
