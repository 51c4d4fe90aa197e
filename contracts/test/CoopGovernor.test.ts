import { expect } from "chai";
import { ethers, loadFixture, deployCoreFixture, GRO, WEEK, YEAR, time, at, isqrt, power } from "./fixtures.js";

/** Alice locks 5 000 GRO for 4 years, Bob 3 000 for 2; then Alice opens proposal 1. */
async function votingFixture() {
  const base = await deployCoreFixture();
  const { vault, governor, alice, bob } = base;
  await vault.connect(alice).createLock(GRO(5000), 4);
  await vault.connect(bob).createLock(GRO(3000), 2);
  await governor.connect(alice).createProposal("Buy a freezer");
  const p = await governor.proposals(1n);
  return { ...base, proposalId: 1n, endTime: p.endTime };
}

describe("CoopGovernor", () => {
  describe("constructor", () => {
    it("rejects a zero vault, a zero chair, a zero period, and (hardened) a zero quorum or an over-long period", async () => {
      const { vault, treasury } = await loadFixture(deployCoreFixture);
      const factory = await ethers.getContractFactory("CoopGovernor");
      const v = await vault.getAddress();
      await expect(factory.deploy(ethers.ZeroAddress, treasury.address, WEEK, 50n)).to.be.revertedWith("vault zero");
      await expect(factory.deploy(v, ethers.ZeroAddress, WEEK, 50n)).to.be.revertedWith("chair zero");
      await expect(factory.deploy(v, treasury.address, 0n, 50n)).to.be.revertedWith("period zero");
      await expect(factory.deploy(v, treasury.address, YEAR + 1n, 50n)).to.be.revertedWith("period too long");
      // Upstream accepted a zero threshold here while updateGovernanceConfig rejected it.
      await expect(factory.deploy(v, treasury.address, WEEK, 0n)).to.be.revertedWith("threshold zero");
    });

    it("stores vault, chair, period and quorum (with the upstream proposalThreshold alias)", async () => {
      const { governor, vault, treasury } = await loadFixture(deployCoreFixture);
      expect(await governor.vault()).to.equal(await vault.getAddress());
      expect(await governor.chairperson()).to.equal(treasury.address);
      expect(await governor.votingPeriod()).to.equal(WEEK);
      expect(await governor.quorumVotes()).to.equal(50n);
      expect(await governor.proposalThreshold()).to.equal(50n);
    });
  });

  describe("createProposal", () => {
    it("increments ids, sets endTime = start + votingPeriod, carries the description; empty allowed", async () => {
      const { governor, alice, bob } = await loadFixture(deployCoreFixture);
      const t = BigInt(await time.latest()) + 5n;
      await at(t);
      await expect(governor.connect(alice).createProposal("first"))
        .to.emit(governor, "ProposalCreated")
        .withArgs(1n, "first", t, t + WEEK);
      await expect(governor.connect(bob).createProposal("")).to.emit(governor, "ProposalCreated");
      expect(await governor.proposalCount()).to.equal(2n);
      const p = await governor.proposals(1n);
      expect([p.id, p.description, p.startTime, p.endTime, p.executed]).to.deep.equal([1n, "first", t, t + WEEK, false]);
      expect(await governor.proposalQuorum(1n)).to.equal(50n);
      expect(await governor.proposalSnapshot(1n)).to.equal(t - 1n);
      await expect(governor.proposalSnapshot(3n)).to.be.revertedWith("invalid proposal");
    });
  });

  describe("castVote", () => {
    it("upstream scenario: 90 + 40 = 130 for, Bob spent 1600, executes after the period", async () => {
      const { governor, alice, bob, proposalId } = await loadFixture(votingFixture);
      await expect(governor.connect(alice).castVote(proposalId, 0n, true)).to.be.revertedWith("votes zero");
      await expect(governor.connect(alice).castVote(proposalId, 90n, true))
        .to.emit(governor, "VoteCast")
        .withArgs(proposalId, alice.address, true, 90n, 8100n);
      expect(await governor.spentVotingPower(proposalId, alice.address)).to.equal(8100n);
      const bobPower = power(GRO(3000), 2);
      expect(bobPower).to.equal(82158383625n);
      await expect(governor.connect(bob).castVote(proposalId, isqrt(bobPower) + 1n, true)).to.be.revertedWith(
        "insufficient power",
      );
      await governor.connect(bob).castVote(proposalId, 40n, true);
      expect(await governor.tallies(proposalId)).to.deep.equal([130n, 0n]);
      expect(await governor.spentVotingPower(proposalId, bob.address)).to.equal(1600n);
      await expect(governor.execute(proposalId)).to.be.revertedWith("voting ongoing");
      await time.increase(Number(WEEK) + 1);
      await expect(governor.execute(proposalId)).to.emit(governor, "ProposalExecuted").withArgs(proposalId, 130n, 0n);
    });

    it("Bob can cast exactly isqrt(power) votes in one call", async () => {
      const { governor, bob, proposalId } = await loadFixture(votingFixture);
      const max = isqrt(power(GRO(3000), 2));
      expect(max).to.equal(286632n);
      await governor.connect(bob).castVote(proposalId, max, false);
      expect(await governor.tallies(proposalId)).to.deep.equal([0n, max]);
      expect(await governor.remainingPower(proposalId, bob.address)).to.equal(power(GRO(3000), 2) - max * max);
    });

    it("FIXED (upstream flaw): cumulative cost (p+v)^2 - p^2 across calls; for and against tallied separately", async () => {
      const { governor, alice, proposalId } = await loadFixture(votingFixture);
      await expect(governor.connect(alice).castVote(proposalId, 10n, true))
        .to.emit(governor, "VoteCast")
        .withArgs(proposalId, alice.address, true, 10n, 100n);
      // Upstream charged 20^2 = 400 here (total 500); cumulative charges 30^2 - 10^2 = 800 (total 900).
      await expect(governor.connect(alice).castVote(proposalId, 20n, false))
        .to.emit(governor, "VoteCast")
        .withArgs(proposalId, alice.address, false, 20n, 800n);
      expect(await governor.spentVotingPower(proposalId, alice.address)).to.equal(900n);
      expect(await governor.votesCast(proposalId, alice.address)).to.equal(30n);
      expect(await governor.tallies(proposalId)).to.deep.equal([10n, 20n]);
    });

    it("FIXED (upstream flaw, adversarial): splitting votes into single-vote calls does not bypass the quadratic cost (hardened: reverts)", async () => {
      const { governor, vault, groToken, treasury, dave } = await loadFixture(deployCoreFixture);
      // Dave locks 100 wei for 1 year: power isqrt(100) = 10, so one call allows k = isqrt(10) = 3 votes.
      await groToken.mint(dave.address, 100n);
      await groToken.connect(dave).approve(await vault.getAddress(), 100n);
      await vault.connect(dave).createLock(100n, 1);
      await governor.connect(treasury).createProposal("split");
      expect(await vault.votingPower(dave.address)).to.equal(10n);
      await expect(governor.connect(dave).castVote(1n, 4n, true)).to.be.revertedWith("insufficient power");
      // Upstream: ten 1-vote calls cost 1 each, so 10 votes went through. Hardened: the 4th vote costs 16-9 = 7 > 1.
      for (let i = 0; i < 3; i++) await governor.connect(dave).castVote(1n, 1n, true);
      expect(await governor.spentVotingPower(1n, dave.address)).to.equal(9n);
      await expect(governor.connect(dave).castVote(1n, 1n, true)).to.be.revertedWith("insufficient power");
      expect((await governor.tallies(1n)).forVotes).to.equal(3n);
    });

    it("FIXED (upstream flaw, adversarial): power is snapshotted; a lock made after the proposal opens cannot vote", async () => {
      const { governor, vault, carol, alice, proposalId } = await loadFixture(votingFixture);
      await vault.connect(carol).createLock(GRO(2500), 1);
      expect(await vault.votingPower(carol.address)).to.equal(50000000000n);
      // Upstream: Carol votes with her fresh 5e10 power. Hardened: her power at the snapshot was 0.
      await expect(governor.connect(carol).castVote(proposalId, 1n, true)).to.be.revertedWith("insufficient power");
      // She can vote on a proposal created after her lock.
      await governor.connect(alice).createProposal("second");
      await governor.connect(carol).castVote(2n, 1000n, true);
    });

    it("FIXED (upstream flaw, adversarial): increaseLock mid-vote does not raise the power available to that proposal", async () => {
      const { governor, vault, bob, proposalId } = await loadFixture(votingFixture);
      const snapshotPower = power(GRO(3000), 2);
      await vault.connect(bob).increaseLock(GRO(2000));
      expect(await vault.votingPower(bob.address)).to.equal(power(GRO(5000), 2));
      await expect(governor.connect(bob).castVote(proposalId, isqrt(snapshotPower) + 1n, true)).to.be.revertedWith(
        "insufficient power",
      );
      await governor.connect(bob).castVote(proposalId, isqrt(snapshotPower), true);
    });

    it("a lock made in the same second as the proposal does not count (snapshot is creation time - 1)", async () => {
      const { governor, vault, carol, treasury } = await loadFixture(deployCoreFixture);
      const t = BigInt(await time.latest()) + 5n;
      await at(t);
      await vault.connect(carol).createLock(GRO(1), 1);
      await at(t + 1n);
      await governor.connect(treasury).createProposal("p");
      await governor.connect(carol).castVote(1n, 1n, true);
      // Proposal 2 is created in the block right after a lock change by Dave at t+2 ... so Dave had nothing at t+2.
      await ethers.provider.send("evm_setAutomine", [false]);
      const [, , , , , dave] = await ethers.getSigners();
      const { groToken } = { groToken: await ethers.getContractAt("GroToken", await vault.groToken()) };
      await groToken.connect(treasury).mint(dave.address, GRO(1));
      await groToken.connect(dave).approve(await vault.getAddress(), GRO(1));
      await ethers.provider.send("evm_mine", []);
      const lockTx = await vault.connect(dave).createLock(GRO(1), 1);
      const propTx = await governor.connect(treasury).createProposal("same block");
      await ethers.provider.send("evm_mine", []);
      await ethers.provider.send("evm_setAutomine", [true]);
      const [r1, r2] = [await lockTx.wait(), await propTx.wait()];
      expect(r1!.blockNumber).to.equal(r2!.blockNumber);
      await expect(governor.connect(dave).castVote(2n, 1n, true)).to.be.revertedWith("insufficient power");
    });

    it("rejects invalid ids (0 and > count), votes after endTime but allows exactly endTime, no lock, overflow", async () => {
      const { governor, alice, bob, dave, proposalId, endTime } = await loadFixture(votingFixture);
      await expect(governor.connect(alice).castVote(0n, 1n, true)).to.be.revertedWith("invalid proposal");
      await expect(governor.connect(alice).castVote(2n, 1n, true)).to.be.revertedWith("invalid proposal");
      await expect(governor.connect(dave).castVote(proposalId, 1n, true)).to.be.revertedWith("insufficient power");
      await expect(governor.connect(alice).castVote(proposalId, 2n ** 128n, true)).to.be.revertedWithPanic(0x11);
      await at(endTime);
      await governor.connect(alice).castVote(proposalId, 1n, true);
      await expect(governor.connect(bob).castVote(proposalId, 1n, true)).to.be.revertedWith("voting closed");
    });

    it("a lock expiring mid-vote keeps its snapshot power and the votes already cast", async () => {
      const { governor, vault, groToken, treasury, dave } = await loadFixture(deployCoreFixture);
      await groToken.mint(dave.address, GRO(1));
      await groToken.connect(dave).approve(await vault.getAddress(), GRO(1));
      await vault.connect(dave).createLock(GRO(1), 1);
      const [, unlock] = await vault.locks(dave.address);
      await time.increaseTo(unlock - 100n);
      await governor.connect(treasury).createProposal("late");
      await governor.connect(dave).castVote(1n, 10n, true);
      await time.increaseTo(unlock + 10n);
      expect(await vault.votingPower(dave.address)).to.equal(0n);
      await governor.connect(dave).castVote(1n, 10n, true);
      expect((await governor.tallies(1n)).forVotes).to.equal(20n);
    });
  });

  describe("execute", () => {
    it("rejects at endTime exactly, below quorum, on a tie, when against wins, and the second time", async () => {
      const { governor, alice, bob, carol, vault, proposalId, endTime } = await loadFixture(votingFixture);
      await governor.connect(alice).castVote(proposalId, 49n, true);
      await at(endTime);
      await expect(governor.execute(proposalId)).to.be.revertedWith("voting ongoing");
      await at(endTime + 1n);
      await expect(governor.execute(proposalId)).to.be.revertedWith("quorum not met");
      await expect(governor.execute(0n)).to.be.revertedWith("invalid proposal");
      // Tie and against-wins.
      await vault.connect(carol).createLock(GRO(10), 1);
      await governor.connect(alice).createProposal("tie");
      await governor.connect(alice).createProposal("against");
      await governor.connect(alice).castVote(2n, 60n, true);
      await governor.connect(bob).castVote(2n, 60n, false);
      await governor.connect(alice).castVote(3n, 60n, true);
      await governor.connect(bob).castVote(3n, 61n, false);
      await time.increase(Number(WEEK) + 1);
      await expect(governor.execute(2n)).to.be.revertedWith("not approved");
      await expect(governor.execute(3n)).to.be.revertedWith("not approved");
      await governor.connect(alice).createProposal("pass");
      await governor.connect(carol).castVote(4n, 50n, true);
      await time.increase(Number(WEEK) + 1);
      await expect(governor.connect(bob).execute(4n)).to.emit(governor, "ProposalExecuted").withArgs(4n, 50n, 0n);
      expect((await governor.proposals(4n)).executed).to.equal(true);
      await expect(governor.execute(4n)).to.be.revertedWith("executed");
    });
  });

  describe("chair", () => {
    it("updateGovernanceConfig emits the event and changes only later proposals' endTime", async () => {
      const { governor, treasury, proposalId, endTime } = await loadFixture(votingFixture);
      await expect(governor.connect(treasury).updateGovernanceConfig(2n * WEEK, 10n))
        .to.emit(governor, "GovernanceConfigUpdated")
        .withArgs(2n * WEEK, 10n);
      expect((await governor.proposals(proposalId)).endTime).to.equal(endTime);
      const t = BigInt(await time.latest()) + 3n;
      await at(t);
      await governor.createProposal("later");
      expect((await governor.proposals(2n)).endTime).to.equal(t + 2n * WEEK);
      expect(await governor.quorumVotes()).to.equal(10n);
      expect(await governor.proposalThreshold()).to.equal(10n);
    });

    it("FIXED (upstream flaw): a quorum change does not reach back into open proposals (both directions)", async () => {
      const { governor, treasury, alice, proposalId } = await loadFixture(votingFixture);
      await governor.connect(alice).castVote(proposalId, 60n, true);
      await governor.connect(alice).createProposal("low");
      await governor.connect(alice).castVote(2n, 20n, true);
      // Upstream: raising the threshold to 1000 blocked proposal 1, and lowering it unblocked proposal 2.
      await governor.connect(treasury).updateGovernanceConfig(WEEK, 1000n);
      await time.increase(Number(WEEK) + 10);
      await expect(governor.execute(proposalId)).to.emit(governor, "ProposalExecuted");
      await governor.connect(treasury).updateGovernanceConfig(WEEK, 10n);
      await expect(governor.execute(2n)).to.be.revertedWith("quorum not met");
      await governor.connect(alice).createProposal("new");
      expect(await governor.proposalQuorum(3n)).to.equal(10n);
    });

    it("rejects non-chair, zero period, zero threshold, and (hardened) a votingPeriod that would overflow createProposal", async () => {
      const { governor, treasury, alice } = await loadFixture(votingFixture);
      await expect(governor.connect(alice).updateGovernanceConfig(WEEK, 1n)).to.be.revertedWith("not chair");
      await expect(governor.connect(treasury).updateGovernanceConfig(0n, 1n)).to.be.revertedWith("period zero");
      await expect(governor.connect(treasury).updateGovernanceConfig(WEEK, 0n)).to.be.revertedWith("threshold zero");
      // Upstream: the chair sets 2^64-1 and every createProposal reverts with an overflow (DoS).
      await expect(governor.connect(treasury).updateGovernanceConfig(2n ** 64n - 1n, 1n)).to.be.revertedWith(
        "period too long",
      );
      await governor.connect(treasury).updateGovernanceConfig(YEAR, 1n);
      await governor.createProposal("still works");
    });

    it("FIXED (upstream flaw): transferChairperson emits ChairpersonTransferred and moves the rights", async () => {
      const { governor, treasury, alice } = await loadFixture(votingFixture);
      await expect(governor.connect(treasury).transferChairperson(alice.address))
        .to.emit(governor, "ChairpersonTransferred")
        .withArgs(treasury.address, alice.address);
      expect(await governor.chairperson()).to.equal(alice.address);
      await expect(governor.connect(treasury).updateGovernanceConfig(WEEK, 1n)).to.be.revertedWith("not chair");
      await governor.connect(alice).updateGovernanceConfig(WEEK, 1n);
    });

    it("rejects a transfer to the zero address and a non-chair transfer", async () => {
      const { governor, treasury, alice } = await loadFixture(votingFixture);
      await expect(governor.connect(treasury).transferChairperson(ethers.ZeroAddress)).to.be.revertedWith("chair zero");
      await expect(governor.connect(alice).transferChairperson(alice.address)).to.be.revertedWith("not chair");
    });

    it("emits ChairpersonTransferred(0, chair) at deployment so the chair history is replayable from logs", async () => {
      const { vault, treasury } = await loadFixture(deployCoreFixture);
      const gov = await ethers.deployContract("CoopGovernor", [await vault.getAddress(), treasury.address, WEEK, 1n]);
      await expect(gov.deploymentTransaction())
        .to.emit(gov, "ChairpersonTransferred")
        .withArgs(ethers.ZeroAddress, treasury.address);
    });
  });
});
