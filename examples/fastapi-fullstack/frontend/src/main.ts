// The web client lives beside the backend; gen-devcontainer is run in backend/.
export const apiUrl = "/api/v1";
