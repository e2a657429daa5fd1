/** @module A race meeting run as logged intents: the setup, the moto draw, the running order staged race by race, mains proposed and confirmed, and the meeting view. */
export { meetingsAfterStep } from './after-step.ts';
export { applyMeetingIntent, checkMeetingIntent, isMeetingIntent, type MeetingIntent } from './intents.ts';
export { meetingView } from './view.ts';
export type * from './types.ts';
