/**
 * The example bodies of PROTOCOL.TXT (Lora-net/packet_forwarder v4.0.1, §4 upstream, §6
 * downstream) as the udp tests use them; tests spread over them to vary a field. The rxpk
 * `data` is a valid frame (lora-packet's README example): the document's own has a `-`.
 */
export const protocolRxpkLora = {
  time: '2013-03-31T16:21:17.528002Z',
  tmst: 3512348611,
  chan: 2,
  rfch: 0,
  freq: 866.349812,
  stat: 1,
  modu: 'LORA',
  datr: 'SF7BW125',
  codr: '4/6',
  rssi: -35,
  lsnr: 5.1,
  size: 17,
  data: 'QPF9vkkAAgABlUN4disR/w0=',
} as const;

export const protocolStat = {
  time: '2014-01-12 08:59:28 GMT',
  lati: 46.24,
  long: 3.2523,
  alti: 145,
  rxnb: 2,
  rxok: 2,
  rxfw: 2,
  ackr: 100,
  dwnb: 2,
  txnb: 2,
} as const;

export const protocolTxpkLora = {
  imme: true,
  freq: 864.123456,
  rfch: 0,
  powe: 14,
  modu: 'LORA',
  datr: 'SF11BW125',
  codr: '4/6',
  ipol: false,
  size: 32,
  data: 'H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v',
} as const;
