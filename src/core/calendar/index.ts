export * from './localDate.js';
export * from './londonTime.js';
export * from './holidays.js';
export * from './workingCalendar.js';
export * from './deadline.js';
