import { Avatar, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { MeView } from '@roundtable/contract/accounts';
import { AVATAR_MAX_BYTES, AVATAR_MEDIA_TYPES } from '@roundtable/contract/profiles';
import { IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import { useRemoveAvatar, useUploadAvatar } from './profiles.queries';

const MAX_MB = AVATAR_MAX_BYTES / 1024 / 1024;

/** The picture beside your name: upload with an instant preview, or remove. */
export function AvatarEditor({ me }: { me: MeView }) {
  const upload = useUploadAvatar();
  const remove = useRemoveAvatar();
  const [preview, setPreview] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);

  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  const choose = (file: File | null) => {
    setAlert(null);
    if (!file) return;
    if (!(AVATAR_MEDIA_TYPES as readonly string[]).includes(file.type)) {
      setAlert('Choose a JPEG, PNG or WebP picture.');
      return;
    }
    if (file.size > AVATAR_MAX_BYTES) {
      setAlert(`That picture is larger than ${MAX_MB} MB. Choose a smaller one.`);
      return;
    }
    setPreview(URL.createObjectURL(file));
    upload.mutate(file, {
      onSuccess: () => {
        setPreview(null);
        notifications.show({ color: 'teal', message: 'Your picture is saved.' });
      },
      onError: (error) => {
        setPreview(null);
        setAlert(formErrorMessageOf(error));
      },
    });
  };

  const src = preview ?? me.profile.avatarUrl;
  return (
    <Stack gap="sm">
      <FormAlert message={alert} />
      <Group gap="lg" wrap="wrap">
        <Avatar
          src={src}
          size={96}
          radius={96}
          color="indigo"
          variant="filled"
          alt={src ? `Your picture${preview ? ' (uploading)' : ''}` : undefined}
        >
          {initialsOf(me.name)}
        </Avatar>
        <Stack gap={6}>
          <Group gap="sm">
            <FileButton onChange={choose} accept={AVATAR_MEDIA_TYPES.join(',')}>
              {(props) => (
                <Button
                  {...props}
                  leftSection={<IconPhotoUp size={16} aria-hidden="true" />}
                  loading={upload.isPending}
                >
                  {me.profile.avatarUrl ? 'Change picture' : 'Upload picture'}
                </Button>
              )}
            </FileButton>
            {me.profile.avatarUrl ? (
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} aria-hidden="true" />}
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(undefined, {
                    onSuccess: () => notifications.show({ color: 'teal', message: 'Your picture is removed.' }),
                    onError: (error) => setAlert(formErrorMessageOf(error)),
                  })
                }
              >
                Remove
              </Button>
            ) : null}
          </Group>
          <Text c="dimmed" fz="sm">
            JPEG, PNG or WebP up to {MAX_MB} MB; we crop it to a square. Everyone signed in sees it next to your name.
          </Text>
        </Stack>
      </Group>
    </Stack>
  );
}
