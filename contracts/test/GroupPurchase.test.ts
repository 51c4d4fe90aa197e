import { expect } from "chai";
import { ethers, loadFixture, deployCoreFixture, GRO, WEEK, time, at } from "./fixtures.js";

const DAY = 86400n;

async function orderFixture() {
  const base = await deployCoreFixture();
  const { groupPurchase, supplier } = base;
  const deadline = BigInt(await time.latest()) + 7n * DAY;
  await groupPurchase.createOrder(supplier.address, GRO(8000), deadline);
  return { ...base, orderId: 1n, deadline };
}

describe("GroupPurchase", () => {
  describe("upstream fixture behaviour", () => {
    it("executes the 8 000 FUSD order on Bob's 3 000 after Alice's 5 000", async () => {
      const { groupPurchase, foodUSD, alice, bob, supplier, orderId } = await loadFixture(orderFixture);
      await expect(groupPurchase.connect(alice).contribute(orderId, GRO(5000)))
        .to.emit(groupPurchase, "ContributionReceived")
        .withArgs(orderId, alice.address, GRO(5000), GRO(5000));
      await expect(groupPurchase.connect(bob).contribute(orderId, GRO(3000)))
        .to.emit(groupPurchase, "OrderExecuted")
        .withArgs(orderId, supplier.address, GRO(8000));
      expect((await groupPurchase.orders(orderId)).executed).to.equal(true);
      expect(await foodUSD.balanceOf(supplier.address)).to.equal(GRO(8000));
    });

    it("refunds Alice 3 000 and Carol 1 000 after the deadline", async () => {
      const { groupPurchase, foodUSD, alice, carol, orderId } = await loadFixture(orderFixture);
      await groupPurchase.connect(alice).contribute(orderId, GRO(3000));
      await groupPurchase.connect(carol).contribute(orderId, GRO(1000));
      await time.increase(Number(8n * DAY));
      const before = await foodUSD.balanceOf(alice.address);
      await expect(groupPurchase.connect(alice).claimRefund(orderId))
        .to.emit(groupPurchase, "RefundClaimed")
        .withArgs(orderId, alice.address, GRO(3000));
      await expect(groupPurchase.connect(carol).claimRefund(orderId))
        .to.emit(groupPurchase, "RefundClaimed")
        .withArgs(orderId, carol.address, GRO(1000));
      expect(await foodUSD.balanceOf(alice.address)).to.equal(before + GRO(3000));
      expect((await groupPurchase.orders(orderId)).totalContributed).to.equal(0n);
    });
  });

  describe("createOrder", () => {
    it("returns 1, 2, 3, stores every field and emits OrderCreated with three indexed args", async () => {
      const { groupPurchase, alice, supplier } = await loadFixture(deployCoreFixture);
      const deadline = BigInt(await time.latest()) + WEEK;
      for (const expected of [1n, 2n, 3n]) {
        expect(await groupPurchase.connect(alice).createOrder.staticCall(supplier.address, 100n, deadline)).to.equal(expected);
        await expect(groupPurchase.connect(alice).createOrder(supplier.address, 100n, deadline))
          .to.emit(groupPurchase, "OrderCreated")
          .withArgs(expected, alice.address, supplier.address, 100n, deadline);
      }
      expect(await groupPurchase.orderCount()).to.equal(3n);
      expect(await groupPurchase.orders(2n)).to.deep.equal([alice.address, supplier.address, 100n, 0n, deadline, false]);
      const event = groupPurchase.interface.getEvent("OrderCreated")!;
      expect(event.inputs.filter((i) => i.indexed).length).to.equal(3);
    });

    it("rejects supplier 0, target 0, a deadline of now or earlier", async () => {
      const { groupPurchase, supplier } = await loadFixture(deployCoreFixture);
      const now = BigInt(await time.latest());
      await expect(groupPurchase.createOrder(ethers.ZeroAddress, 1n, now + 100n)).to.be.revertedWith("supplier zero");
      await expect(groupPurchase.createOrder(supplier.address, 0n, now + 100n)).to.be.revertedWith("target zero");
      await at(now + 10n);
      await expect(groupPurchase.createOrder(supplier.address, 1n, now + 10n)).to.be.revertedWith("deadline past");
      await expect(groupPurchase.createOrder(supplier.address, 1n, now)).to.be.revertedWith("deadline past");
    });

    it("FIXED (upstream flaw): rejects the contract itself as supplier, which would lock the funds forever", async () => {
      const { groupPurchase } = await loadFixture(deployCoreFixture);
      const now = BigInt(await time.latest());
      await expect(groupPurchase.createOrder(await groupPurchase.getAddress(), 1n, now + 100n)).to.be.revertedWith(
        "supplier invalid",
      );
    });

    it("FIXED (upstream flaw): rejects a deadline more than a year ahead, which would lock contributions", async () => {
      const { groupPurchase, supplier } = await loadFixture(deployCoreFixture);
      const now = BigInt(await time.latest()) + 5n;
      await at(now);
      await expect(groupPurchase.createOrder(supplier.address, 1n, now + 365n * DAY + 1n)).to.be.revertedWith(
        "deadline too far",
      );
      await at(now + 1n);
      await groupPurchase.createOrder(supplier.address, 1n, now + 1n + 365n * DAY);
    });

    it("rejects a zero token address at construction", async () => {
      await expect(ethers.deployContract("GroupPurchase", [ethers.ZeroAddress])).to.be.revertedWith("token zero");
    });
  });

  describe("contribute", () => {
    it("accumulates per address", async () => {
      const { groupPurchase, alice, orderId } = await loadFixture(orderFixture);
      await groupPurchase.connect(alice).contribute(orderId, GRO(100));
      await groupPurchase.connect(alice).contribute(orderId, GRO(250));
      expect(await groupPurchase.contributions(orderId, alice.address)).to.equal(GRO(350));
      expect((await groupPurchase.orders(orderId)).totalContributed).to.equal(GRO(350));
    });

    it("FIXED (upstream flaw): no silent overpayment; target 100 with 60 then 70 takes 40 and sends exactly 100", async () => {
      const { groupPurchase, foodUSD, alice, bob, supplier } = await loadFixture(deployCoreFixture);
      const deadline = BigInt(await time.latest()) + WEEK;
      await groupPurchase.createOrder(supplier.address, 100n, deadline);
      await groupPurchase.connect(alice).contribute(1n, 60n);
      const bobBefore = await foodUSD.balanceOf(bob.address);
      await expect(groupPurchase.connect(bob).contribute(1n, 70n))
        .to.emit(groupPurchase, "ContributionReceived")
        .withArgs(1n, bob.address, 40n, 100n)
        .and.to.emit(groupPurchase, "OrderExecuted")
        .withArgs(1n, supplier.address, 100n);
      // Upstream: the supplier got 130 and Bob paid 70.
      expect(await foodUSD.balanceOf(supplier.address)).to.equal(100n);
      expect(await foodUSD.balanceOf(bob.address)).to.equal(bobBefore - 40n);
      expect(await groupPurchase.contributions(1n, bob.address)).to.equal(40n);
    });

    it("rejects 0, unknown ids, id 0 and an executed order", async () => {
      const { groupPurchase, alice, bob, orderId } = await loadFixture(orderFixture);
      await expect(groupPurchase.connect(alice).contribute(orderId, 0n)).to.be.revertedWith("amount zero");
      await expect(groupPurchase.connect(alice).contribute(0n, 1n)).to.be.revertedWith("invalid order");
      await expect(groupPurchase.connect(alice).contribute(99n, 1n)).to.be.revertedWith("invalid order");
      await groupPurchase.connect(alice).contribute(orderId, GRO(8000));
      await expect(groupPurchase.connect(bob).contribute(orderId, 1n)).to.be.revertedWith("executed");
    });

    it("is allowed at exactly the deadline and rejected at deadline + 1", async () => {
      const { groupPurchase, alice, bob, orderId, deadline } = await loadFixture(orderFixture);
      await at(deadline);
      await groupPurchase.connect(alice).contribute(orderId, 1n);
      await expect(groupPurchase.connect(bob).contribute(orderId, 1n)).to.be.revertedWith("deadline passed");
    });

    it("adversarial: dust front-running cannot make the finishing contribution revert or overpay", async () => {
      const { groupPurchase, foodUSD, alice, bob, supplier, orderId } = await loadFixture(orderFixture);
      await groupPurchase.connect(alice).contribute(orderId, GRO(5000));
      // Griefer puts 1 wei in ahead of Bob, who meant to send exactly the remaining 3 000.
      await groupPurchase.connect(bob).contribute(orderId, 1n);
      const carolBefore = await foodUSD.balanceOf((await ethers.getSigners())[3].address);
      const carol = (await ethers.getSigners())[3];
      await expect(groupPurchase.connect(carol).contribute(orderId, GRO(3000)))
        .to.emit(groupPurchase, "OrderExecuted")
        .withArgs(orderId, supplier.address, GRO(8000));
      expect(await foodUSD.balanceOf(carol.address)).to.equal(carolBefore - (GRO(3000) - 1n));
      expect(await foodUSD.balanceOf(supplier.address)).to.equal(GRO(8000));
      expect(await foodUSD.balanceOf(await groupPurchase.getAddress())).to.equal(0n);
    });

    it("adversarial: many dust contributions only cost the griefer and are refundable after the deadline", async () => {
      const { groupPurchase, foodUSD, alice, orderId } = await loadFixture(orderFixture);
      for (let i = 0; i < 20; i++) await groupPurchase.connect(alice).contribute(orderId, 1n);
      expect(await groupPurchase.contributions(orderId, alice.address)).to.equal(20n);
      await time.increase(Number(8n * DAY));
      const before = await foodUSD.balanceOf(alice.address);
      await groupPurchase.connect(alice).claimRefund(orderId);
      expect(await foodUSD.balanceOf(alice.address)).to.equal(before + 20n);
    });
  });

  describe("execute", () => {
    it("reverts below target, for unknown ids and after auto-execution", async () => {
      const { groupPurchase, alice, orderId } = await loadFixture(orderFixture);
      await groupPurchase.connect(alice).contribute(orderId, GRO(10));
      await expect(groupPurchase.execute(orderId)).to.be.revertedWith("target not met");
      await expect(groupPurchase.execute(0n)).to.be.revertedWith("invalid order");
      await expect(groupPurchase.execute(7n)).to.be.revertedWith("invalid order");
      await groupPurchase.connect(alice).contribute(orderId, GRO(7990));
      await expect(groupPurchase.execute(orderId)).to.be.revertedWith("executed");
    });

    it("FIXED (upstream flaw): manual execute succeeds after a deferred automatic payment", async () => {
      const [creator, alice, supplier] = await ethers.getSigners();
      const token = await ethers.deployContract("MockToken");
      const gp = await ethers.deployContract("GroupPurchase", [await token.getAddress()]);
      await token.mint(alice.address, 100n);
      await token.connect(alice).approve(await gp.getAddress(), 100n);
      await gp.connect(creator).createOrder(supplier.address, 100n, BigInt(await time.latest()) + WEEK);
      await token.setBlockedRecipient(supplier.address);
      // The target is reached but the supplier cannot be paid: the contribution stands, execution is deferred.
      await expect(gp.connect(alice).contribute(1n, 100n)).to.emit(gp, "ExecutionDeferred").withArgs(1n);
      expect((await gp.orders(1n)).executed).to.equal(false);
      expect(await token.balanceOf(await gp.getAddress())).to.equal(100n);
      await expect(gp.connect(alice).contribute(1n, 1n)).to.be.revertedWith("order funded");
      await expect(gp.execute(1n)).to.be.revertedWith("supplier transfer failed");
      await token.setBlockedRecipient(ethers.ZeroAddress);
      await expect(gp.execute(1n)).to.emit(gp, "OrderExecuted").withArgs(1n, supplier.address, 100n);
      expect(await token.balanceOf(supplier.address)).to.equal(100n);
      await expect(gp.execute(1n)).to.be.revertedWith("executed");
    });

    it("a deferred order whose deadline passes can be refunded instead", async () => {
      const [creator, alice, supplier] = await ethers.getSigners();
      const token = await ethers.deployContract("MockToken");
      const gp = await ethers.deployContract("GroupPurchase", [await token.getAddress()]);
      await token.mint(alice.address, 100n);
      await token.connect(alice).approve(await gp.getAddress(), 100n);
      await gp.connect(creator).createOrder(supplier.address, 100n, BigInt(await time.latest()) + WEEK);
      await token.setBlockedRecipient(supplier.address);
      await gp.connect(alice).contribute(1n, 100n);
      await time.increase(Number(WEEK) + 1);
      await gp.connect(alice).claimRefund(1n);
      expect(await token.balanceOf(alice.address)).to.equal(100n);
      await expect(gp.execute(1n)).to.be.revertedWith("target not met");
    });
  });

  describe("claimRefund", () => {
    it("before, at and after the deadline; twice; non-contributor", async () => {
      const { groupPurchase, foodUSD, alice, dave, orderId, deadline } = await loadFixture(orderFixture);
      await groupPurchase.connect(alice).contribute(orderId, GRO(1234));
      await expect(groupPurchase.connect(alice).claimRefund(orderId)).to.be.revertedWith("deadline not passed");
      await at(deadline);
      await expect(groupPurchase.connect(alice).claimRefund(orderId)).to.be.revertedWith("deadline not passed");
      await at(deadline + 1n);
      const before = await foodUSD.balanceOf(alice.address);
      await groupPurchase.connect(alice).claimRefund(orderId);
      expect(await foodUSD.balanceOf(alice.address)).to.equal(before + GRO(1234));
      expect(await groupPurchase.contributions(orderId, alice.address)).to.equal(0n);
      expect((await groupPurchase.orders(orderId)).totalContributed).to.equal(0n);
      await expect(groupPurchase.connect(alice).claimRefund(orderId)).to.be.revertedWith("nothing to refund");
      await expect(groupPurchase.connect(dave).claimRefund(orderId)).to.be.revertedWith("nothing to refund");
      await expect(groupPurchase.connect(alice).claimRefund(0n)).to.be.revertedWith("invalid order");
    });

    it("rejects a refund after execution", async () => {
      const { groupPurchase, alice, orderId } = await loadFixture(orderFixture);
      await groupPurchase.connect(alice).contribute(orderId, GRO(8000));
      await time.increase(Number(8n * DAY));
      await expect(groupPurchase.connect(alice).claimRefund(orderId)).to.be.revertedWith("executed");
    });

    it("adversarial: a reentrant token re-entering claimRefund is stopped and pays once", async () => {
      const [creator, supplier] = await ethers.getSigners();
      const token = await ethers.deployContract("MockToken");
      const gp = await ethers.deployContract("GroupPurchase", [await token.getAddress()]);
      const attacker = await ethers.deployContract("ReentrancyAttacker", [await token.getAddress(), await gp.getAddress()]);
      await gp.connect(creator).createOrder(supplier.address, GRO(100), BigInt(await time.latest()) + WEEK);
      // An honest contributor keeps the escrow richer than the attacker's share.
      await token.mint(creator.address, GRO(50));
      await token.connect(creator).approve(await gp.getAddress(), GRO(50));
      await gp.connect(creator).contribute(1n, GRO(50));
      await token.mint(await attacker.getAddress(), GRO(10));
      await attacker.approveTarget(GRO(10));
      await attacker.contribute(1n, GRO(10));
      await time.increase(Number(WEEK) + 1);
      await token.setHookEnabled(true);
      await attacker.attackRefund(1n);
      expect(await attacker.reentryAttempts()).to.equal(1n);
      expect((await attacker.lastReentryError()).slice(0, 10)).to.equal(
        gp.interface.getError("ReentrancyGuardReentrantCall")!.selector,
      );
      expect(await token.balanceOf(await attacker.getAddress())).to.equal(GRO(10));
      expect(await token.balanceOf(await gp.getAddress())).to.equal(GRO(50));
      expect((await gp.orders(1n)).totalContributed).to.equal(GRO(50));
    });

    it("a false-returning token reverts contribute and refund with SafeERC20FailedOperation", async () => {
      const [creator, supplier] = await ethers.getSigners();
      const token = await ethers.deployContract("MockToken");
      const gp = await ethers.deployContract("GroupPurchase", [await token.getAddress()]);
      await gp.createOrder(supplier.address, 100n, BigInt(await time.latest()) + WEEK);
      await token.mint(creator.address, 100n);
      await token.approve(await gp.getAddress(), 100n);
      await gp.contribute(1n, 10n);
      await token.setReturnFalse(true);
      await expect(gp.contribute(1n, 10n)).to.be.revertedWithCustomError(gp, "SafeERC20FailedOperation");
      await time.increase(Number(WEEK) + 1);
      await expect(gp.claimRefund(1n)).to.be.revertedWithCustomError(gp, "SafeERC20FailedOperation");
      expect(await gp.contributions(1n, creator.address)).to.equal(10n);
    });
  });

  it("invariant: escrow balance == sum of totalContributed over unexecuted orders", async () => {
    const { groupPurchase, foodUSD, alice, bob, carol, supplier } = await loadFixture(deployCoreFixture);
    const now = BigInt(await time.latest());
    for (let i = 0; i < 4; i++) await groupPurchase.createOrder(supplier.address, GRO(1000), now + WEEK * BigInt(i + 1));
    const users = [alice, bob, carol];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 40; step++) {
      const u = users[rnd(3)];
      const id = BigInt(1 + rnd(4));
      try {
        if (rnd(3) === 0) await groupPurchase.connect(u).claimRefund(id);
        else await groupPurchase.connect(u).contribute(id, GRO(1 + rnd(400)));
      } catch {
        /* reverts are part of the sequence */
      }
      if (step % 10 === 9) await time.increase(Number(WEEK));
      let escrow = 0n;
      for (let o = 1n; o <= 4n; o++) {
        const order = await groupPurchase.orders(o);
        if (!order.executed) escrow += order.totalContributed;
      }
      expect(await foodUSD.balanceOf(await groupPurchase.getAddress())).to.equal(escrow);
    }
  });
});
