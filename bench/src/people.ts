import type { Random } from './random.js';

// Names from many languages, so widths, accents and sort order look like a real membership list.
const firstNames = [
  'Amara',
  'Anders',
  'Aiko',
  'Alejandro',
  'Amélie',
  'Anjali',
  'Arjun',
  'Astrid',
  'Beatriz',
  'Benedikt',
  'Chidi',
  'Chloé',
  'Daniel',
  'Dilnoza',
  'Elena',
  'Emeka',
  'Emma',
  'Farah',
  'Fatima',
  'Felix',
  'Giulia',
  'Grace',
  'Hamid',
  'Hana',
  'Henrik',
  'Ibrahim',
  'Ingrid',
  'Isabel',
  'Jakub',
  'Jamal',
  'Jana',
  'João',
  'Julia',
  'Kai',
  'Kateryna',
  'Kenji',
  'Kofi',
  'Lars',
  'Laura',
  'Leila',
  'Li',
  'Lucas',
  'Maja',
  'Malik',
  'María',
  'Mateo',
  'Mei',
  'Mohammed',
  'Nadia',
  'Naledi',
  'Niamh',
  'Nikolai',
  'Noor',
  'Olga',
  'Omar',
  'Paolo',
  'Priya',
  'Rafael',
  'Rania',
  'Rosa',
  'Ruth',
  'Sakura',
  'Samuel',
  'Sara',
  'Sebastián',
  'Sofia',
  'Søren',
  'Tariq',
  'Thandiwe',
  'Thomas',
  'Valentina',
  'Wei',
  'Yara',
  'Yusuf',
  'Zainab',
  'Zoë',
] as const;

const lastNames = [
  'Abebe',
  'Adeyemi',
  'Andersson',
  'Bauer',
  'Becker',
  'Bianchi',
  'Chen',
  'Costa',
  'da Silva',
  'Dubois',
  'Eriksen',
  'Fernández',
  'Fischer',
  'García',
  'Gonzalez',
  'Gupta',
  'Haddad',
  'Hansen',
  'Hoffmann',
  'Ivanova',
  'Jansen',
  'Kaur',
  'Khan',
  'Kim',
  'Kowalski',
  'Kruger',
  'Lambert',
  'Larsen',
  'Lee',
  'Lefebvre',
  'Lindqvist',
  'Martin',
  'Mensah',
  'Moreau',
  'Müller',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Nowak',
  "O'Brien",
  'Okafor',
  'Olsen',
  'Park',
  'Patel',
  'Pereira',
  'Petrov',
  'Popescu',
  'Rossi',
  'Sánchez',
  'Santos',
  'Schmidt',
  'Sato',
  'Shevchenko',
  'Singh',
  'Suzuki',
  'Tanaka',
  'Tremblay',
  'van der Berg',
  'Virtanen',
  'Wagner',
  'Wang',
  'Weber',
  'Wiśniewski',
  'Yamamoto',
  'Yilmaz',
  'Zhang',
  'Zimmermann',
] as const;

// Organisations of a professional network; `.example` is reserved (RFC 2606), so no mail can leak.
const domains = [
  'northwind-health.example',
  'aalto-labs.example',
  'civic-engineering.example',
  'lumen-law.example',
  'meridian-clinic.example',
  'harbour-architects.example',
  'kestrel-energy.example',
  'openfield-research.example',
  'brightwater.example',
  'atlas-consulting.example',
  'university-of-lakeside.example',
  'cedar-finance.example',
  'solstice-design.example',
  'riverbank-school.example',
  'mail.example',
  'inbox.example',
] as const;

export const userAgents = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
] as const;

export type Person = { name: string; email: string };

const localPart = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

/** Makes people with unique emails; the same Random state yields the same people. */
export class PeopleFactory {
  private readonly taken = new Set<string>();

  constructor(private readonly random: Random) {}

  next(): Person {
    const first = this.random.pick(firstNames);
    const last = this.random.pick(lastNames);
    const domain = this.random.pick(domains);
    const f = localPart(first);
    const l = localPart(last);
    const style = this.random.int(4);
    const base =
      style === 0 ? `${f}.${l}` : style === 1 ? `${f.charAt(0)}${l}` : style === 2 ? `${f}_${l}` : `${l}.${f}`;
    let email = `${base}@${domain}`;
    for (let n = 2; this.taken.has(email); n++) email = `${base}${n}@${domain}`;
    this.taken.add(email);
    return { name: `${first} ${last}`, email };
  }
}
