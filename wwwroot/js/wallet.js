// The LP's browser wallet (EIP-1193, window.ethereum): asks for an account and signs the RatioUpdate typed data the
// server prepared with eth_signTypedData_v4. The server checks the signer; nothing here is trusted.
export async function signTypedData(typedDataJson) {
  const wallet = window.ethereum;
  if (!wallet || typeof wallet.request !== "function") {
    throw new Error("No browser wallet found (an EIP-1193 provider such as MetaMask).");
  }
  const [account] = await wallet.request({ method: "eth_requestAccounts" });
  if (!account) {
    throw new Error("The wallet shared no account.");
  }
  const signature = await wallet.request({ method: "eth_signTypedData_v4", params: [account, typedDataJson] });
  return { account, signature };
}
