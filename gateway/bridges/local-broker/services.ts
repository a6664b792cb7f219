// What the local broker offers other bridges: in demo mode it is the city the
// simulator publishes to and the upstream bridge reads from.
export interface DemoBroker { url: string; username: string; password: string }

declare module '../services.js' {
  interface Services {
    'demo-broker': DemoBroker;
  }
}
