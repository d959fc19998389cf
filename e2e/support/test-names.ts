/**
 * The names the test namespace knows (scripts/in-netns.mjs sets them up from test-names.json):
 * a hosts file bind-mounted over /etc/hosts, and, where Debian's dnsmasq is installed, a DNS
 * server on 127.0.0.1:53 (the namespace's resolv.conf) that answers PTR queries.
 */
import names from './test-names.json';

/** A loopback address the test hosts file names, and its name. */
export const HOSTS_FILE_ADDRESS = names.hostsFile[0].address;
export const HOSTS_FILE_NAME = names.hostsFile[0].name;

/** A loopback address dnsmasq has a record for (PTR only: the hosts file does not name it). */
export const DNS_RECORD_ADDRESS = names.dnsRecords[0].address;
export const DNS_RECORD_NAME = names.dnsRecords[0].name;

/** True where dnsmasq is answering in this namespace (CI installs it). */
export const dnsAvailable = process.env.SOCKSCOPE_TEST_DNS === '1';

/** The file dnsmasq logs every query it gets to (`--log-queries`); empty without dnsmasq. */
export const dnsQueryLog = process.env.SOCKSCOPE_TEST_DNS_LOG ?? '';

/** Prints why a test needing dnsmasq is skipped; returns whether it may run. */
export function needsDns(what: string): boolean {
  if (!dnsAvailable) console.log(`skipped ${what}: dnsmasq is not installed (apt-get install dnsmasq)`);
  return dnsAvailable;
}

/** The n-th (0 ≤ n < 65 536) address of the range dnsmasq names by synthesis: 127.1.x.y. */
export function synthesizedAddress(n: number): string {
  const [a, b] = names.synthesized.range.split('.');
  return `${a}.${b}.${(n >> 8) & 255}.${n & 255}`;
}

/** dnsmasq's PTR name of a 127.1.x.y address (`--synth-domain`): `host-127-1-2-3.ptr.sockscope.test`. */
export function synthesizedName(address: string): string {
  return `${names.synthesized.prefix}${address.replaceAll('.', '-')}.${names.synthesized.domain}`;
}

/** The PTR question dnsmasq logs for an IPv4 address: `3.2.1.127.in-addr.arpa`. */
export const ptrQuestion = (address: string): string => `${address.split('.').reverse().join('.')}.in-addr.arpa`;
