import type { Migration } from 'kysely/migration';
import * as createAccounts from './2026_11_25_1200_create_accounts.js';
import * as createProfiles from './2026_11_25_1300_create_profiles.js';
import * as createJobs from './2026_11_25_1400_create_jobs.js';
import * as createNetworks from './2026_11_26_1200_create_networks.js';
import * as createNotifications from './2026_11_26_1300_create_notifications.js';
import * as indexNetworkDirectory from './2026_11_26_1400_index_network_directory.js';
import * as createThreads from './2026_11_27_1200_create_threads.js';
import * as createPulses from './2026_11_27_1400_create_pulses.js';
import * as createAssessments from './2026_11_27_1500_create_assessments.js';
import * as countPulseResultsShown from './2026_11_28_1200_count_pulse_results_shown.js';
import * as indexMemberActivity from './2026_11_28_1300_index_member_activity.js';
import * as withholdAnonymousMail from './2026_12_03_1000_withhold_anonymous_mail.js';
import * as publishPulseResults from './2026_12_03_1200_publish_pulse_results.js';
import * as rotateUnsubscribeKeys from './2026_12_03_1400_rotate_unsubscribe_keys.js';
import * as holdAnonymousPosts from './2026_12_03_1600_hold_anonymous_posts.js';
import * as scopeThreadSearch from './2026_12_03_1800_scope_thread_search.js';
import * as createMeetings from './2026_12_03_2000_create_meetings.js';

/** Every migration in order; a static list so the built server needs no directory scan. */
export const migrations: Record<string, Migration> = {
  '2026_11_25_1200_create_accounts': createAccounts,
  '2026_11_25_1300_create_profiles': createProfiles,
  '2026_11_25_1400_create_jobs': createJobs,
  '2026_11_26_1200_create_networks': createNetworks,
  '2026_11_26_1300_create_notifications': createNotifications,
  '2026_11_26_1400_index_network_directory': indexNetworkDirectory,
  '2026_11_27_1200_create_threads': createThreads,
  '2026_11_27_1400_create_pulses': createPulses,
  '2026_11_27_1500_create_assessments': createAssessments,
  '2026_11_28_1200_count_pulse_results_shown': countPulseResultsShown,
  '2026_11_28_1300_index_member_activity': indexMemberActivity,
  '2026_12_03_1000_withhold_anonymous_mail': withholdAnonymousMail,
  '2026_12_03_1200_publish_pulse_results': publishPulseResults,
  '2026_12_03_1400_rotate_unsubscribe_keys': rotateUnsubscribeKeys,
  '2026_12_03_1600_hold_anonymous_posts': holdAnonymousPosts,
  '2026_12_03_1800_scope_thread_search': scopeThreadSearch,
  '2026_12_03_2000_create_meetings': createMeetings,
};
