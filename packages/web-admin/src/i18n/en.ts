/**
 * English labels: react-admin's own messages plus lns resource names, field labels (with
 * units) and the app's texts.
 */
import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';

const lnsMessages = {
  resources: {
    servers: {
      name: 'Server |||| Servers',
      fields: {
        id: 'Name',
        address: 'Address',
        status: 'Status',
        uptimeS: 'Uptime',
        lagMs: 'Replication lag',
        version: 'Version',
        lastSeen: 'Last seen',
      },
      notifications: {
        created: 'Server added: it now takes a copy of the cluster’s data',
        deleted: 'Server removed from the cluster',
      },
    },
    gateways: {
      name: 'Gateway |||| Gateways',
      fields: {
        id: 'Gateway EUI',
        name: 'Name',
        location: 'Location',
        'location.lat': 'Latitude',
        'location.lon': 'Longitude',
        'location.alt': 'Altitude (m)',
        txRfChain: 'TX RF chain',
        region: 'Region',
        stationToken: 'Station token',
        connection: 'Connection',
        lastSeen: 'Last seen',
        server: 'Server',
        traffic: 'Traffic (up · down)',
        stats: 'Traffic',
        'stats.rxReceived': 'Radio packets received',
        'stats.rxOk': 'With valid CRC',
        'stats.rxForwarded': 'Forwarded',
        'stats.txEmitted': 'Transmitted',
        q: 'Search',
      },
    },
    profiles: {
      name: 'Profile |||| Profiles',
      fields: {
        id: 'Profile ID',
        name: 'Name',
        region: 'Region',
        macVersion: 'LoRaWAN version',
        deviceClass: 'Class',
        adr: 'ADR',
        rx1Delay: 'RX1 delay (s)',
        rx1DrOffset: 'RX1 DR offset',
        rx2Dr: 'RX2 data rate',
        rx2Freq: 'RX2 frequency (Hz)',
        fcntCheck: 'Frame counter check',
        q: 'Search',
      },
    },
    devices: {
      name: 'Device |||| Devices',
      fields: {
        id: 'DevEUI',
        name: 'Name',
        joinEui: 'JoinEUI',
        appKey: 'AppKey',
        profileId: 'Profile',
        devAddr: 'DevAddr (current)',
        lastJoin: 'Last join',
        q: 'Search',
      },
    },
    nodes: {
      name: 'Node |||| Nodes',
      fields: {
        id: 'DevAddr',
        devEui: 'DevEUI',
        profileId: 'Profile',
        nwkSKey: 'NwkSKey',
        appSKey: 'AppSKey',
        fCntUp: 'FCnt up',
        fCntDown: 'FCnt down',
        lastRx: 'Last uplink',
        battery: 'Battery',
        margin: 'Margin',
        lastGateway: 'Last gateway',
        adr: 'ADR state',
        q: 'Search',
      },
    },
    frames: {
      name: 'Frame |||| Frames',
      fields: {
        time: 'Time',
        dir: 'Dir',
        devAddr: 'DevAddr',
        devEui: 'DevEUI',
        fCnt: 'FCnt',
        fPort: 'FPort',
        data: 'Payload (hex)',
        confirmed: 'Confirmed',
        gateways: 'Gateways',
        gateway: 'Gateway EUI',
        server: 'Server',
      },
    },
    events: {
      name: 'Event |||| Events',
      fields: {
        time: 'Time',
        severity: 'Severity',
        kind: 'Kind',
        entity: 'About',
        text: 'Text',
        q: 'Search',
      },
    },
    users: {
      name: 'User |||| Users',
      fields: { id: 'Username', role: 'Role', password: 'Password', q: 'Search' },
    },
    integrations: {
      name: 'Integration |||| Integrations',
      fields: {
        id: 'Integration ID',
        type: 'Type',
        url: 'URL',
        topic: 'MQTT topic',
        headers: 'HTTP headers',
        events: 'Events',
        enabled: 'Enabled',
        q: 'Search',
      },
    },
  },
  lns: {
    title: 'lns',
    subtitle: 'LoRaWAN network server',
    copied: 'Copied to the clipboard',
    copy_failed: 'The browser refused the clipboard',
    reveal_failed: 'The server did not reveal the secret (admins only)',
    validation: {
      name: 'Use 1-64 letters, digits or _ . : - (not . or .., nor a name such as constructor)',
      address: 'host:port of the node, e.g. 10.0.0.12:4370',
      password_mismatch: 'The passwords differ',
      station_token:
        'Up to 512 visible ASCII characters; spaces only between words (the Authorization header value)',
    },
    device: { recent_frames: 'Recent frames' },
    nodes: { create_abp: 'Create ABP node' },
    gateways: {
      region_default: 'Node default (LNS_REGION)',
      station_token_none: 'None: a Basics Station with this EUI connects without one',
      station_token_set: 'Set (hidden; edit the gateway to reveal or change it)',
      station_token_help:
        'Basics Station only: the value after "Authorization:" in the Station’s tc.key. Empty: no token asked.',
      region_help:
        'The region of the gateway’s radio: how its uplinks are read before the device is known, and a Basics Station’s channel plan. Devices follow their profile’s region.',
    },
    queue: { queued: 'Downlink queued' },
    users: {
      new_password: 'New password',
      keep_password: 'Leave empty to keep the current password',
      password_rules: 'At least 8 characters',
      confirm_password: 'Repeat the password',
    },
    servers: {
      add: 'Add server',
      remove: 'Remove',
      remove_title: 'Remove server %{id} from the cluster?',
      remove_content:
        'The node stops replicating and its gateways move to the other servers. Its own database is left as it is.',
      replace_title: 'The new server’s data will be replaced',
      replace_text:
        'The node running at this address saves its database aside and takes a copy of this cluster’s data. Add only a node you mean to join this cluster.',
      address_help: 'Cluster address (host:port) of a running lns node, e.g. 10.0.0.12:4370',
      standalone:
        'This node runs on its own: the cluster API (/api/servers) is not available on it yet, so the list shows this node from /health.',
    },
    dashboard: {
      title: 'Dashboard',
      uplinks_per_minute: 'Uplinks per minute (last hour)',
      traffic_per_gateway: 'Traffic per gateway (last 1000 frames)',
      signal: 'RSSI and SNR over time',
      health: 'Cluster health',
      no_frames: 'No frames yet. Point a gateway at UDP port 1700 of this node.',
      choose_device: 'Device (DevAddr)',
      no_device: 'No node has sent an uplink yet.',
    },
    empty: {
      servers: { title: 'No servers', text: 'Add a running lns node to build a cluster.' },
      gateways: {
        title: 'No gateways yet',
        text: 'Register a gateway by its EUI; its packet forwarder then sends to UDP port 1700 of any node.',
      },
      profiles: {
        title: 'No device profiles yet',
        text: 'A profile holds the region, LoRaWAN version, class and RX settings that devices share.',
      },
      devices: {
        title: 'No devices yet',
        text: 'Add an OTAA device with its DevEUI, JoinEUI and AppKey. Create a profile first.',
      },
      nodes: {
        title: 'No active sessions',
        text: 'Nodes appear when OTAA devices join; ABP nodes are created here with their session keys.',
      },
      frames: {
        title: 'No frames',
        text: 'Uplinks and downlinks show here as gateways forward them. Check the filters if you set any.',
      },
      events: {
        title: 'No events',
        text: 'Joins, errors and unknown devices or gateways show here.',
      },
      users: { title: 'No users', text: 'Add a user with a role.' },
      integrations: {
        title: 'No integrations yet',
        text: 'Send uplinks, joins and acks to your application by HTTP POST or MQTT.',
      },
    },
  },
};

export const messages: TranslationMessages = {
  ...englishMessages,
  ...lnsMessages,
  ra: englishMessages.ra,
};
