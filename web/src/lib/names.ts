/** The first word of a display name, for greetings. */
export const firstNameOf = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

/** One or two initials for an avatar. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}
