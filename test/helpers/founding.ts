// The founding scenario (seed/000: a letter to Argentina about Belarus's UPR on 3 Nov 2025).

/** The 30 states that recommended the release of political prisoners, as the founding document names them. */
export const FOUNDING_RECOMMENDERS = [
  'Albania', 'Australia', 'Belgium', 'Canada', 'Cyprus', 'Czech Republic', 'Denmark', 'Estonia', 'Finland', 'France',
  'Germany', 'Greece', 'Ireland', 'Italy', 'Latvia', 'Liechtenstein', 'Lithuania', 'Luxembourg', 'Malta', 'Mexico',
  'Moldova', 'Netherlands', 'New Zealand', 'Norway', 'Poland', 'Romania', 'Slovenia', 'Sweden', 'Ukraine', 'the United Kingdom',
];
