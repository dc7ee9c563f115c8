// GuardDuty finding types a `guardDutyFindingType` parameter accepts: the types the network-changes playbook family
// lists (see ../shared/reference/FACTS.md), with the retired InstanceCredentialExfiltration replaced by the two types
// GuardDuty split it into. GuardDuty adds types over time; extend this list when a playbook
// needs one it does not hold.
export const GUARDDUTY_FINDING_TYPES: ReadonlySet<string> = new Set([
  'Backdoor:EC2/C&CActivity.B', 'Backdoor:EC2/C&CActivity.B!DNS', 'Backdoor:EC2/Spambot',
  'Behavior:EC2/NetworkPortUnusual', 'Behavior:EC2/TrafficVolumeUnusual', 'CryptoCurrency:EC2/BitcoinTool.B',
  'CryptoCurrency:EC2/BitcoinTool.B!DNS', 'Impact:EC2/AbusedDomainRequest.Reputation',
  'Impact:EC2/BitcoinDomainRequest.Reputation', 'Impact:EC2/MaliciousDomainRequest.Reputation',
  'Impact:EC2/SuspiciousDomainRequest.Reputation', 'Impact:EC2/WinRMBruteForce',
  'Recon:EC2/PortProbeEMRUnprotectedPort', 'Recon:EC2/PortProbeUnprotectedPort', 'Trojan:EC2/BlackholeTraffic',
  'Trojan:EC2/BlackholeTraffic!DNS', 'Trojan:EC2/DGADomainRequest.B', 'Trojan:EC2/DGADomainRequest.C!DNS',
  'Trojan:EC2/DNSDataExfiltration', 'Trojan:EC2/DriveBySourceTraffic!DNS', 'Trojan:EC2/DropPoint',
  'Trojan:EC2/DropPoint!DNS', 'Trojan:EC2/PhishingDomainRequest!DNS',
  'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom', 'UnauthorizedAccess:EC2/MetadataDNSRebind',
  'UnauthorizedAccess:EC2/RDPBruteForce', 'UnauthorizedAccess:EC2/SSHBruteForce', 'UnauthorizedAccess:EC2/TorClient',
  'UnauthorizedAccess:EC2/TorRelay', 'Discovery:S3/MaliciousIPCaller', 'CredentialAccess:IAMUser/AnomalousBehavior',
  'DefenseEvasion:IAMUser/AnomalousBehavior', 'Discovery:IAMUser/AnomalousBehavior',
  'Exfiltration:IAMUser/AnomalousBehavior', 'Impact:IAMUser/AnomalousBehavior',
  'InitialAccess:IAMUser/AnomalousBehavior', 'Persistence:IAMUser/AnomalousBehavior',
  'Policy:IAMUser/RootCredentialUsage', 'PrivilegeEscalation:IAMUser/AnomalousBehavior',
  'Recon:IAMUser/MaliciousIPCaller', 'Recon:IAMUser/MaliciousIPCaller.Custom', 'Recon:IAMUser/TorIPCaller',
  'Stealth:IAMUser/CloudTrailLoggingDisabled', 'Stealth:IAMUser/PasswordPolicyChange',
  'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B', 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller', 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
  'UnauthorizedAccess:IAMUser/TorIPCaller',
]);
