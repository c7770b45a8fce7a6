import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  type CSSVariablesResolver,
  createTheme,
  type MantineColorsTuple,
  Menu,
  Notification,
  Paper,
  PasswordInput,
  TextInput,
  Tooltip,
} from '@mantine/core';

// A cool, slightly blue-grey dark palette: calmer than neutral grey on long reading sessions.
const dark: MantineColorsTuple = [
  '#d5d7de',
  '#b4b8c3',
  '#9096a4',
  '#6b7181',
  '#4a4f5c',
  '#383c47',
  '#2b2e37',
  '#1f2128',
  '#18191f',
  '#111216',
];

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7 in light and 8 in dark keep white text on filled buttons above 4.5:1.
  primaryShade: { light: 7, dark: 8 },
  colors: { dark },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.25' },
      h2: { fontSize: '1.25rem', lineHeight: '1.3' },
      h3: { fontSize: '1.0625rem', lineHeight: '1.35' },
      h4: { fontSize: '0.9375rem', lineHeight: '1.4' },
    },
  },
  shadows: {
    xs: '0 1px 2px rgb(16 24 40 / 0.05)',
    sm: '0 1px 3px rgb(16 24 40 / 0.08), 0 1px 2px rgb(16 24 40 / 0.04)',
    md: '0 4px 12px rgb(16 24 40 / 0.08), 0 2px 4px rgb(16 24 40 / 0.04)',
  },
  components: {
    ActionIcon: ActionIcon.extend({ defaultProps: { variant: 'subtle', color: 'gray' } }),
    Alert: Alert.extend({ defaultProps: { radius: 'md' } }),
    Anchor: Anchor.extend({ defaultProps: { underline: 'hover' } }),
    Badge: Badge.extend({ defaultProps: { tt: 'none', fw: 600 } }),
    Button: Button.extend({ defaultProps: { radius: 'md' } }),
    Menu: Menu.extend({ defaultProps: { shadow: 'md', radius: 'md' } }),
    Notification: Notification.extend({
      defaultProps: { radius: 'md', closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      // Under a title Mantine greys the message with gray-6 (3.3:1 on white); dimmed passes AA.
      styles: (_theme, props) => ({ description: props.title ? { color: 'var(--mantine-color-dimmed)' } : {} }),
    }),
    Paper: Paper.extend({ defaultProps: { radius: 'lg' } }),
    PasswordInput: PasswordInput.extend({ defaultProps: { size: 'md', withAsterisk: false } }),
    TextInput: TextInput.extend({ defaultProps: { size: 'md', withAsterisk: false } }),
    Tooltip: Tooltip.extend({ defaultProps: { withArrow: true } }),
  },
});

/** Mantine's defaults for dimmed text, errors and light variants fall under 4.5:1 contrast; these pass AA. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636e',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // Light variants (badges, alerts, the active nav link) put shade 9 on shade 1; for these hues that is
    // under 4.5:1, so their text gets a deeper tone, and the hovered indigo background stays lighter.
    '--mantine-color-indigo-light-hover': '#d0dbff',
    '--mantine-color-orange-light-color': '#a63a0c',
    '--mantine-color-teal-light-color': '#06664a',
    '--mantine-color-green-light-color': '#1e6b2f',
    '--mantine-color-red-light-color': '#a51d1d',
    '--app-surface': 'var(--mantine-color-gray-0)',
    // Red buttons (hide, delete, reveal) put white on shade 7, under 4.5:1; shade 9 passes.
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled-hover': '#a51d1d',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-2)',
    '--mantine-color-error': 'var(--mantine-color-red-5)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-3)',
    '--app-surface': 'var(--mantine-color-dark-8)',
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled-hover': '#a51d1d',
  },
});
