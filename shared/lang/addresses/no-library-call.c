int counter = 7;
int main(void) { return (int)((unsigned long)&counter & 0xff); }
