/** @module The performance marks the race view leaves, named once for the page and for the bench that reads them: its laps answer received, then the first chart drawn after it. */
export const LAPS_RECEIVED_MARK = 'portal:laps-received';
export const FIRST_CHART_MARK = 'portal:first-chart';
