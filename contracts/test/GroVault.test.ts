import { expect } from "chai";
import { ethers, loadFixture, deployCoreFixture, GRO, YEAR, time, at, power, isqrt } from "./fixtures.js";

describe("GroVault", () => {
  it("rejects a zero token address (hardened)", async () => {
    await expect(ethers.deployContract("GroVault", [ethers.ZeroAddress])).to.be.revertedWith("token zero");
  });

  for (const years of [1, 2, 3, 4]) {
    it(`createLock for ${years} year(s): exact unlock time, event, totalLocked, tokens moved`, async () => {
      const { vault, groToken, alice } = await loadFixture(deployCoreFixture);
      const t = BigInt(await time.latest()) + 10n;
      await at(t);
      const unlock = t + YEAR * BigInt(years);
      const before = await groToken.balanceOf(alice.address);
      await expect(vault.connect(alice).createLock(GRO(1000), years))
        .to.emit(vault, "LockCreated")
        .withArgs(alice.address, GRO(1000), years, unlock);
      expect(await groToken.balanceOf(alice.address)).to.equal(before - GRO(1000));
      expect(await groToken.balanceOf(await vault.getAddress())).to.equal(GRO(1000));
      expect(await vault.locks(alice.address)).to.deep.equal([GRO(1000), unlock, BigInt(years)]);
      expect(await vault.totalLocked()).to.equal(GRO(1000));
      expect(await vault.votingPower(alice.address)).to.equal(power(GRO(1000), years));
    });
  }

  it("votingPower matches isqrt(a) x (1e18 + 5e17(y-1)) / 1e18 for a table of amounts", async () => {
    const { vault, groToken, treasury, alice, bob, carol, dave } = await loadFixture(deployCoreFixture);
    const cases: [bigint, number, bigint | null][] = [
      [1n, 1, 1n],
      [1n, 4, 2n],
      [GRO(5000), 4, 176776695295n],
      [GRO(3000), 2, 82158383625n],
      [2n ** 128n, 3, null],
    ];
    const signers = [treasury, alice, bob, carol, dave];
    for (let i = 0; i < cases.length; i++) {
      const [amount, years, expected] = cases[i];
      const s = signers[i];
      await groToken.mint(s.address, amount);
      await groToken.connect(s).approve(await vault.getAddress(), ethers.MaxUint256);
      const tx = await vault.connect(s).createLock(amount, years);
      await tx.wait();
      const p = await vault.votingPower(s.address);
      expect(p).to.equal(power(amount, years));
      if (expected !== null) expect(p).to.equal(expected);
    }
    expect(await vault.votingPower(signers[4].address)).to.equal(isqrt(2n ** 128n) * 2n);
  });

  it("createLock rejects zero amount, a second lock, durations 0 and 5, and missing allowance", async () => {
    const { vault, groToken, alice, dave } = await loadFixture(deployCoreFixture);
    await expect(vault.connect(alice).createLock(0n, 1)).to.be.revertedWith("amount zero");
    await expect(vault.connect(alice).createLock(1n, 0)).to.be.revertedWith("invalid duration");
    await expect(vault.connect(alice).createLock(1n, 5)).to.be.revertedWith("invalid duration");
    await vault.connect(alice).createLock(GRO(1), 1);
    await expect(vault.connect(alice).createLock(GRO(1), 1)).to.be.revertedWith("lock exists");
    await groToken.mint(dave.address, GRO(1));
    await expect(vault.connect(dave).createLock(GRO(1), 1))
      .to.be.revertedWithCustomError(groToken, "ERC20InsufficientAllowance")
      .withArgs(await vault.getAddress(), 0n, GRO(1));
  });

  it("increaseLock adds amount and power without moving the unlock time", async () => {
    const { vault, alice } = await loadFixture(deployCoreFixture);
    await vault.connect(alice).createLock(GRO(100), 2);
    const [, unlock] = await vault.locks(alice.address);
    await expect(vault.connect(alice).increaseLock(GRO(300)))
      .to.emit(vault, "LockIncreased")
      .withArgs(alice.address, GRO(300), GRO(400));
    expect(await vault.locks(alice.address)).to.deep.equal([GRO(400), unlock, 2n]);
    expect(await vault.totalLocked()).to.equal(GRO(400));
    expect(await vault.votingPower(alice.address)).to.equal(power(GRO(400), 2));
  });

  it("increaseLock rejects zero, no lock, and an expired lock exactly at and after unlockTime", async () => {
    const { vault, alice, bob } = await loadFixture(deployCoreFixture);
    await expect(vault.connect(bob).increaseLock(0n)).to.be.revertedWith("amount zero");
    await expect(vault.connect(bob).increaseLock(1n)).to.be.revertedWith("no lock");
    await vault.connect(alice).createLock(GRO(100), 1);
    const [, unlock] = await vault.locks(alice.address);
    await at(unlock);
    await expect(vault.connect(alice).increaseLock(1n)).to.be.revertedWith("lock expired");
    await at(unlock + 100n);
    await expect(vault.connect(alice).increaseLock(1n)).to.be.revertedWith("lock expired");
  });

  it("extendLock from 1 to 3 years resets the unlock to now + 3 years", async () => {
    const { vault, alice } = await loadFixture(deployCoreFixture);
    await vault.connect(alice).createLock(GRO(100), 1);
    const [, oldUnlock] = await vault.locks(alice.address);
    const t = BigInt(await time.latest()) + 1000n;
    await at(t);
    await expect(vault.connect(alice).extendLock(3))
      .to.emit(vault, "LockExtended")
      .withArgs(alice.address, 3, t + 3n * YEAR);
    const [, newUnlock, years] = await vault.locks(alice.address);
    expect(newUnlock).to.equal(t + 3n * YEAR);
    expect(newUnlock > oldUnlock).to.equal(true);
    expect(years).to.equal(3n);
    expect(await vault.votingPower(alice.address)).to.equal(power(GRO(100), 3));
  });

  it("extendLock checks in upstream order: no lock, expired, not increased, invalid", async () => {
    const { vault, alice, bob, carol } = await loadFixture(deployCoreFixture);
    await expect(vault.connect(alice).extendLock(2)).to.be.revertedWith("no lock");
    await vault.connect(alice).createLock(GRO(1), 4);
    await expect(vault.connect(alice).extendLock(4)).to.be.revertedWith("duration not increased");
    await expect(vault.connect(alice).extendLock(5)).to.be.revertedWith("invalid duration");
    await vault.connect(bob).createLock(GRO(1), 1);
    await expect(vault.connect(bob).extendLock(0)).to.be.revertedWith("duration not increased");
    await expect(vault.connect(bob).extendLock(1)).to.be.revertedWith("duration not increased");
    await vault.connect(carol).createLock(GRO(1), 1);
    const [, unlock] = await vault.locks(carol.address);
    await at(unlock);
    await expect(vault.connect(carol).extendLock(2)).to.be.revertedWith("lock expired");
  });

  it("withdraw at exactly unlockTime restores the balance, deletes the lock and allows a new one", async () => {
    const { vault, groToken, alice } = await loadFixture(deployCoreFixture);
    await vault.connect(alice).createLock(GRO(700), 2);
    const [, unlock] = await vault.locks(alice.address);
    await at(unlock - 1n);
    await expect(vault.connect(alice).withdraw()).to.be.revertedWith("not unlocked");
    await at(unlock);
    const before = await groToken.balanceOf(alice.address);
    await expect(vault.connect(alice).withdraw()).to.emit(vault, "LockWithdrawn").withArgs(alice.address, GRO(700));
    expect(await groToken.balanceOf(alice.address)).to.equal(before + GRO(700));
    expect(await groToken.balanceOf(await vault.getAddress())).to.equal(0n);
    expect(await vault.locks(alice.address)).to.deep.equal([0n, 0n, 0n]);
    expect(await vault.totalLocked()).to.equal(0n);
    await expect(vault.connect(alice).withdraw()).to.be.revertedWith("no lock");
    await vault.connect(alice).createLock(GRO(1), 1);
    expect(await vault.totalLocked()).to.equal(GRO(1));
  });

  it("votingPower is 0 at unlockTime while the tokens are still locked", async () => {
    const { vault, alice } = await loadFixture(deployCoreFixture);
    await vault.connect(alice).createLock(GRO(10), 1);
    const [, unlock] = await vault.locks(alice.address);
    await time.increaseTo(unlock - 1n);
    expect(await vault.votingPower(alice.address)).to.equal(power(GRO(10), 1));
    await time.increaseTo(unlock);
    expect(await vault.votingPower(alice.address)).to.equal(0n);
    expect(await vault.totalLocked()).to.equal(GRO(10));
  });

  it("votingPowerAt returns historical power from checkpoints and rejects future lookups", async () => {
    const { vault, alice, bob } = await loadFixture(deployCoreFixture);
    const t0 = BigInt(await time.latest()) + 10n;
    await at(t0);
    await vault.connect(alice).createLock(GRO(100), 1);
    await at(t0 + 100n);
    await vault.connect(alice).increaseLock(GRO(300));
    await at(t0 + 200n);
    await vault.connect(alice).extendLock(2);
    expect(await vault.checkpointCount(alice.address)).to.equal(3n);
    await time.increase(1);
    expect(await vault.votingPowerAt(alice.address, t0 - 1n)).to.equal(0n);
    expect(await vault.votingPowerAt(alice.address, t0)).to.equal(power(GRO(100), 1));
    expect(await vault.votingPowerAt(alice.address, t0 + 99n)).to.equal(power(GRO(100), 1));
    expect(await vault.votingPowerAt(alice.address, t0 + 150n)).to.equal(power(GRO(400), 1));
    expect(await vault.votingPowerAt(alice.address, t0 + 200n)).to.equal(power(GRO(400), 2));
    expect(await vault.votingPowerAt(bob.address, t0)).to.equal(0n);
    const now = BigInt(await time.latest());
    await expect(vault.votingPowerAt(alice.address, now)).to.be.revertedWith("future lookup");
    // Past the unlock of the (extended) lock the historical power is 0 too.
    await time.increaseTo(t0 + 200n + 2n * YEAR + 10n);
    expect(await vault.votingPowerAt(alice.address, t0 + 200n + 2n * YEAR)).to.equal(0n);
    await vault.connect(alice).withdraw();
    expect(await vault.votingPowerAt(alice.address, t0 + 150n)).to.equal(power(GRO(400), 1));
  });

  it("invariant: totalLocked == sum of locks == vault balance over a random sequence; donations only raise the balance", async () => {
    const { vault, groToken, alice, bob, carol } = await loadFixture(deployCoreFixture);
    const users = [alice, bob, carol];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 40; step++) {
      const u = users[rnd(3)];
      const [amount, unlock, years] = await vault.locks(u.address);
      const now = BigInt(await time.latest());
      const op = rnd(4);
      try {
        if (amount === 0n) await vault.connect(u).createLock(GRO(1 + rnd(50)), 1 + rnd(4));
        else if (now + 1n >= unlock) await vault.connect(u).withdraw();
        else if (op === 0) await vault.connect(u).increaseLock(GRO(1 + rnd(20)));
        else if (op === 1 && years < 4n) await vault.connect(u).extendLock(Number(years) + 1);
        else await time.increase(Number(YEAR) / 2);
      } catch {
        /* reverts are fine; the invariant must hold regardless */
      }
      let sum = 0n;
      for (const v of users) sum += (await vault.locks(v.address))[0];
      expect(await vault.totalLocked()).to.equal(sum);
      expect(await groToken.balanceOf(await vault.getAddress())).to.equal(sum);
    }
    await groToken.connect(alice).transfer(await vault.getAddress(), 5n);
    expect((await groToken.balanceOf(await vault.getAddress())) >= (await vault.totalLocked())).to.equal(true);
  });

  it("adversarial: a hook token re-entering withdraw is stopped by the reentrancy guard and pays once", async () => {
    const token = await ethers.deployContract("MockToken");
    const vault = await ethers.deployContract("GroVault", [await token.getAddress()]);
    const attacker = await ethers.deployContract("ReentrancyAttacker", [await token.getAddress(), await vault.getAddress()]);
    await token.mint(await attacker.getAddress(), GRO(10));
    await attacker.approveTarget(ethers.MaxUint256);
    await attacker.lock(GRO(10), 1);
    // A second, honest locker so the vault holds more than the attacker's stake.
    const [, honest] = await ethers.getSigners();
    await token.mint(honest.address, GRO(10));
    await token.connect(honest).approve(await vault.getAddress(), ethers.MaxUint256);
    await vault.connect(honest).createLock(GRO(10), 1);
    await time.increase(Number(YEAR));
    await token.setHookEnabled(true);
    await attacker.attackWithdraw();
    expect(await attacker.reentryAttempts()).to.equal(1n);
    const err = await attacker.lastReentryError();
    expect(err.slice(0, 10)).to.equal(vault.interface.getError("ReentrancyGuardReentrantCall")!.selector);
    expect(await token.balanceOf(await attacker.getAddress())).to.equal(GRO(10));
    expect(await vault.totalLocked()).to.equal(GRO(10));
    expect(await token.balanceOf(await vault.getAddress())).to.equal(GRO(10));
  });

  it("a false-returning token reverts with SafeERC20FailedOperation (replaces upstream 'transfer failed')", async () => {
    const token = await ethers.deployContract("MockToken");
    const vault = await ethers.deployContract("GroVault", [await token.getAddress()]);
    const [user] = await ethers.getSigners();
    await token.mint(user.address, 10n);
    await token.approve(await vault.getAddress(), 10n);
    await token.setReturnFalse(true);
    await expect(vault.createLock(10n, 1))
      .to.be.revertedWithCustomError(vault, "SafeERC20FailedOperation")
      .withArgs(await token.getAddress());
    expect(await vault.totalLocked()).to.equal(0n);
  });
});

describe("GroVault checkpoints", () => {
  it("several lock changes in one block overwrite that second's checkpoint", async () => {
    const { vault, alice } = await loadFixture(deployCoreFixture);
    await ethers.provider.send("evm_setAutomine", [false]);
    const a = await vault.connect(alice).createLock(GRO(1), 1);
    const b = await vault.connect(alice).increaseLock(GRO(2));
    await ethers.provider.send("evm_mine", []);
    await ethers.provider.send("evm_setAutomine", [true]);
    const [ra, rb] = [await a.wait(), await b.wait()];
    expect(ra!.blockNumber).to.equal(rb!.blockNumber);
    expect(await vault.checkpointCount(alice.address)).to.equal(1n);
    const blockTime = BigInt((await ethers.provider.getBlock(ra!.blockNumber))!.timestamp);
    await time.increase(1);
    expect(await vault.votingPowerAt(alice.address, blockTime)).to.equal(power(GRO(3), 1));
  });
});
