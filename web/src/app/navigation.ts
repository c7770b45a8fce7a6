import type { MeView } from '@roundtable/contract/accounts';
import {
  IconBooks,
  IconBriefcase,
  IconCalendarEvent,
  IconChartBar,
  IconHome,
  IconInbox,
  IconListCheck,
  IconMailOpened,
  IconSearch,
  IconSettings,
  IconShieldCheck,
  IconTargetArrow,
  IconUsersGroup,
  type TablerIcon,
} from '@tabler/icons-react';

export type NavItem = { label: string; path: string; icon: TablerIcon };

/** An area of the product that is not built yet: its page says what it will do for the member. */
export type UpcomingArea = NavItem & {
  /** The page header's line: what the area is. */
  summary: string;
  /** One sentence: what the area will do for the member. */
  promise: string;
};

export const upcomingAreas: UpcomingArea[] = [
  {
    label: 'Library',
    path: '/library',
    icon: IconBooks,
    summary: 'Resources shared in your networks.',
    promise:
      'Reuse the processes, templates, policies and case studies your peers share, visible only to the members of the network they were shared in.',
  },
  {
    label: 'Providers',
    path: '/providers',
    icon: IconBriefcase,
    summary: 'The recommendation directory.',
    promise:
      'Find a credible consultant or provider in hours, recommended by peers with context from their own experience.',
  },
  {
    label: 'Search',
    path: '/search',
    icon: IconSearch,
    summary: 'One search across everything you can see.',
    promise:
      'Search threads, replies, pulses, resources, providers, meetings and members in one place — only what you are allowed to see.',
  },
];

const nqNav: NavItem = { label: 'My NQ & plan', path: '/nq', icon: IconTargetArrow };

/** In the order of UX.md: built areas and upcoming ones side by side, search last. */
export const mainNav: NavItem[] = [
  { label: 'Home', path: '/', icon: IconHome },
  { label: 'Networks', path: '/networks', icon: IconUsersGroup },
  { label: 'Pulses', path: '/pulses', icon: IconChartBar },
  { label: 'Meetings', path: '/meetings', icon: IconCalendarEvent },
  ...upcomingAreas.filter((area) => area.path !== '/search'),
  nqNav,
  ...upcomingAreas.filter((area) => area.path === '/search'),
];

/** Admin entries follow the abilities the server sent with the session; the UI never re-derives them. */
export function adminNavFor(me: MeView): NavItem[] {
  return [
    ...(me.abilities.readOutbox
      ? [
          { label: 'Outbox', path: '/admin/outbox', icon: IconMailOpened },
          { label: 'Jobs', path: '/admin/jobs', icon: IconListCheck },
        ]
      : []),
    ...(me.abilities.manageInstance
      ? [
          { label: 'Network proposals', path: '/admin/network-proposals', icon: IconInbox },
          { label: 'Moderation log', path: '/admin/moderation-log', icon: IconShieldCheck },
          { label: 'Settings', path: '/admin/settings', icon: IconSettings },
        ]
      : []),
  ];
}
