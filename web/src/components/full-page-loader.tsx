import { Center, Loader } from '@mantine/core';

/** Shown for the moment it takes to learn whether someone is signed in. */
export function FullPageLoader() {
  return (
    <Center h="100dvh" role="status" aria-label="Loading Roundtable">
      <Loader size="md" type="dots" />
    </Center>
  );
}
