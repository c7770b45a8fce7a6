import {
  Autocomplete,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import {
  MEETING_CAPACITY_MAX,
  MEETING_DESCRIPTION_MAX_LENGTH,
  MEETING_FORMATS,
  MEETING_LOCATION_MAX_LENGTH,
  MEETING_TITLE_MAX_LENGTH,
  MEETING_VIDEO_URL_MAX_LENGTH,
  SERIES_MAX_OCCURRENCES,
} from '@roundtable/contract/meetings';
import { IconRepeat } from '@tabler/icons-react';
import { type ReactNode, useId, useMemo } from 'react';
import { endDateOf, lengthOf, type MeetingFormValues, needsLocation, needsVideoUrl } from './meeting-form';
import { formatDuration, formatMeetingWhen, zonedToInstant, zonesDiffer } from './meeting-time';
import { describeRepeat, type RepeatKind, repeatDates, repeatKindOptions } from './repeat-rule';

type Form = UseFormReturnType<MeetingFormValues>;

export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={id}>
      <Stack gap="md">
        <div>
          <Title order={2} fz="h4" id={id}>
            {title}
          </Title>
          {description ? (
            <Text fz="sm" c="dimmed" mt={4}>
              {description}
            </Text>
          ) : null}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

const shortDate = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const dayOf = (date: string) => shortDate.format(new Date(`${date}T12:00:00Z`));

/** When, in the meeting's zone, and how it reads in the viewer's zone when they differ. */
function WhenFields({ form, fixedZone }: { form: Form; fixedZone: boolean }) {
  const { values } = form;
  const zones = useMemo(timeZones, []);
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const start = zonedToInstant(values.date, values.startTime, values.timeZone);
  const end = zonedToInstant(endDateOf(values), values.endTime, values.timeZone);
  const length = lengthOf(values);
  const nextDay = endDateOf(values) !== values.date;
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <TextInput size="sm" type="date" label="Date" {...form.getInputProps('date')} />
        <TextInput size="sm" type="time" label="Starts" {...form.getInputProps('startTime')} />
        <TextInput
          size="sm"
          type="time"
          label="Ends"
          description={nextDay ? 'The next day' : undefined}
          {...form.getInputProps('endTime')}
        />
      </SimpleGrid>
      {fixedZone ? (
        <Text fz="sm" c="dimmed">
          Times are in {values.timeZone.replace(/_/g, ' ')}, the meeting’s time zone.
        </Text>
      ) : (
        <Autocomplete
          label="Time zone"
          description="The times above are read in this zone; members see them in their own."
          data={zones}
          limit={20}
          maw={360}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('timeZone')}
        />
      )}
      {start && end && length !== null && !form.errors.date && !form.errors.endTime ? (
        <Text fz="sm" c="dimmed">
          {formatDuration(length)}
          {zonesDiffer(values.timeZone, viewerZone, start)
            ? ` · for you: ${formatMeetingWhen(start.toISOString(), end.toISOString())}`
            : ''}
        </Text>
      ) : null}
    </>
  );
}

/** The place fields the format needs: an address for in person, a link for online, both for hybrid. */
function PlaceFields({ form }: { form: Form }) {
  const { format } = form.values;
  const id = useId();
  return (
    <>
      <Stack gap={6}>
        <Text component="span" fz="sm" fw={500} id={`${id}-format`}>
          Format
        </Text>
        <SegmentedControl
          aria-labelledby={`${id}-format`}
          data={MEETING_FORMATS.map((option) => ({ value: option.id, label: option.label }))}
          value={format}
          onChange={(value) => {
            const next = MEETING_FORMATS.find((option) => option.id === value);
            if (next) form.setFieldValue('format', next.id);
            form.clearFieldError('location');
            form.clearFieldError('videoUrl');
          }}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>
      {needsLocation(format) ? (
        <TextInput
          size="sm"
          label="Where"
          description="An address or a venue members can find."
          placeholder="Hotel Adlon, Unter den Linden 77, Berlin"
          maxLength={MEETING_LOCATION_MAX_LENGTH}
          {...form.getInputProps('location')}
        />
      ) : null}
      {needsVideoUrl(format) ? (
        <TextInput
          size="sm"
          label="Video link"
          description="Members see it on the meeting’s page and in their calendar."
          placeholder="https://meet.example.com/abc-defg"
          type="url"
          maxLength={MEETING_VIDEO_URL_MAX_LENGTH}
          {...form.getInputProps('videoUrl')}
        />
      ) : null}
    </>
  );
}

/** "Repeats": a few patterns, how it ends, and in plain words what that gives. */
function RepeatFields({ form }: { form: Form }) {
  const { values } = form;
  const { repeat } = values;
  const options = repeatKindOptions(values.date);
  const dates = repeat.kind === 'none' ? [] : repeatDates(repeat, values.date, SERIES_MAX_OCCURRENCES + 1);
  const hasError = Boolean(form.errors['repeat.count'] || form.errors['repeat.until']);
  return (
    <Stack gap="sm">
      <Select
        label="Repeats"
        data={options}
        value={repeat.kind}
        allowDeselect={false}
        maw={360}
        comboboxProps={{ withinPortal: true }}
        onChange={(value) => {
          const kind = options.find((option) => option.value === value)?.value;
          if (kind) form.setFieldValue('repeat.kind', kind satisfies RepeatKind);
          form.clearFieldError('repeat.count');
          form.clearFieldError('repeat.until');
        }}
        error={form.errors.repeat}
      />
      {repeat.kind === 'none' ? null : (
        <>
          <Radio.Group
            label="Ends"
            value={repeat.end}
            onChange={(value) => {
              form.setFieldValue('repeat.end', value === 'until' ? 'until' : 'count');
              form.clearFieldError('repeat.count');
              form.clearFieldError('repeat.until');
            }}
          >
            <Stack gap="xs" mt={6}>
              <Radio value="count" label="After a number of meetings" />
              <Radio value="until" label="On a date" />
            </Stack>
          </Radio.Group>
          {repeat.end === 'count' ? (
            <NumberInput
              label="Number of meetings"
              description="The first one included."
              min={2}
              max={SERIES_MAX_OCCURRENCES}
              allowDecimal={false}
              allowNegative={false}
              styles={{ wrapper: { maxWidth: 200 } }}
              {...form.getInputProps('repeat.count')}
            />
          ) : (
            <TextInput size="sm" type="date" label="Last date" maw={200} {...form.getInputProps('repeat.until')} />
          )}
          {!hasError && values.date ? (
            <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)">
              <Text fz="sm" fw={500}>
                <IconRepeat size={14} aria-hidden="true" style={{ verticalAlign: -2, marginRight: 6 }} />
                {describeRepeat(repeat, values.date)}
              </Text>
              {dates.length > 0 ? (
                <Text fz="xs" c="dimmed" mt={4}>
                  {dates.length} meetings: {dates.slice(0, 4).map(dayOf).join(', ')}
                  {dates.length > 5 ? ', …' : ''}
                  {dates.length > 4 ? `, ${dayOf(dates[dates.length - 1] ?? values.date)}` : ''}. Each keeps the same
                  local time, also when the clocks change.
                </Text>
              ) : null}
            </Paper>
          ) : null}
        </>
      )}
    </Stack>
  );
}

/** The fields of the schedule and edit forms; an edit keeps its zone and does not repeat. */
export function MeetingFields({ form, mode }: { form: Form; mode: 'create' | 'edit' }) {
  const { values } = form;
  return (
    <Stack gap="lg">
      <FormSection title="What">
        <div>
          <TextInput
            size="sm"
            label="Title"
            placeholder="Monthly roundtable"
            maxLength={MEETING_TITLE_MAX_LENGTH}
            {...form.getInputProps('title')}
          />
          <Text fz="xs" c="dimmed" ta="right" mt={2}>
            {values.title.length} / {MEETING_TITLE_MAX_LENGTH}
          </Text>
        </div>
        <Textarea
          label="Description (optional)"
          description="What the meeting is for, a guest, what to prepare."
          autosize
          minRows={3}
          maxRows={10}
          maxLength={MEETING_DESCRIPTION_MAX_LENGTH}
          {...form.getInputProps('description')}
        />
      </FormSection>
      <FormSection
        title="When"
        description={
          mode === 'edit' ? 'A new time moves this meeting only; the others of its series stay as they are.' : undefined
        }
      >
        <WhenFields form={form} fixedZone={mode === 'edit'} />
        {mode === 'create' ? <RepeatFields form={form} /> : null}
      </FormSection>
      <FormSection title="Where">
        <PlaceFields form={form} />
        <NumberInput
          label="Seats (optional)"
          description="Once this many members answer “Going”, others can answer “Maybe”. Leave it empty for no limit."
          min={1}
          max={MEETING_CAPACITY_MAX}
          allowDecimal={false}
          allowNegative={false}
          styles={{ wrapper: { maxWidth: 200 } }}
          {...form.getInputProps('capacity')}
        />
      </FormSection>
    </Stack>
  );
}
