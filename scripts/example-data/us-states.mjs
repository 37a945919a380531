// The 50 states and DC with the colour of their 2020 presidential result: 'red' or 'blue', and
// 'purple' where the margin was under 3 points (AZ, GA, MI, NC, NV, PA, WI).
export const STATES = [
  ['Alabama', 'AL', 'red'], ['Alaska', 'AK', 'red'], ['Arizona', 'AZ', 'purple'], ['Arkansas', 'AR', 'red'],
  ['California', 'CA', 'blue'], ['Colorado', 'CO', 'blue'], ['Connecticut', 'CT', 'blue'], ['Delaware', 'DE', 'blue'],
  ['District of Columbia', 'DC', 'blue'], ['Florida', 'FL', 'red'], ['Georgia', 'GA', 'purple'], ['Hawaii', 'HI', 'blue'],
  ['Idaho', 'ID', 'red'], ['Illinois', 'IL', 'blue'], ['Indiana', 'IN', 'red'], ['Iowa', 'IA', 'red'], ['Kansas', 'KS', 'red'],
  ['Kentucky', 'KY', 'red'], ['Louisiana', 'LA', 'red'], ['Maine', 'ME', 'blue'], ['Maryland', 'MD', 'blue'],
  ['Massachusetts', 'MA', 'blue'], ['Michigan', 'MI', 'purple'], ['Minnesota', 'MN', 'blue'], ['Mississippi', 'MS', 'red'],
  ['Missouri', 'MO', 'red'], ['Montana', 'MT', 'red'], ['Nebraska', 'NE', 'red'], ['Nevada', 'NV', 'purple'],
  ['New Hampshire', 'NH', 'blue'], ['New Jersey', 'NJ', 'blue'], ['New Mexico', 'NM', 'blue'], ['New York', 'NY', 'blue'],
  ['North Carolina', 'NC', 'purple'], ['North Dakota', 'ND', 'red'], ['Ohio', 'OH', 'red'], ['Oklahoma', 'OK', 'red'],
  ['Oregon', 'OR', 'blue'], ['Pennsylvania', 'PA', 'purple'], ['Rhode Island', 'RI', 'blue'], ['South Carolina', 'SC', 'red'],
  ['South Dakota', 'SD', 'red'], ['Tennessee', 'TN', 'red'], ['Texas', 'TX', 'red'], ['Utah', 'UT', 'red'],
  ['Vermont', 'VT', 'blue'], ['Virginia', 'VA', 'blue'], ['Washington', 'WA', 'blue'], ['West Virginia', 'WV', 'red'],
  ['Wisconsin', 'WI', 'purple'], ['Wyoming', 'WY', 'red'],
];
