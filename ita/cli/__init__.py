"""The command line (`python -m ita`): reads files, calls the services and documents, prints. No Streamlit."""
