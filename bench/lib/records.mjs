/** The Account rows every scenario reads and writes: a handful of typical fields, deterministic. */

const INDUSTRIES = ['Agriculture', 'Banking', 'Chemicals', 'Education', 'Energy', 'Retail', 'Technology'];
const CITIES = ['Berlin', 'Lisbon', 'Nairobi', 'Osaka', 'Toronto', 'Valparaíso'];

/** The i-th generated Account (fields only). */
export function accountFields(i, tag = 'Bench') {
  return {
    Name: `${tag} Account ${i}`,
    Industry: INDUSTRIES[i % INDUSTRIES.length],
    AnnualRevenue: 1000 * (i % 100_000),
    NumberOfEmployees: i % 5000,
    BillingCity: CITIES[i % CITIES.length],
  };
}

/** The SOQL the big-query scenario runs. */
export const ACCOUNT_SOQL = 'SELECT Id, Name, Industry, AnnualRevenue, NumberOfEmployees, BillingCity, CreatedDate FROM Account';

/** The REST API version every scenario calls. */
export const API_VERSION = '62.0';
