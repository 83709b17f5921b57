// @twinstorm/cluster: the topology jar, submit / list / kill / status against Nimbus, and a Storm cluster on loopback.
export {};
