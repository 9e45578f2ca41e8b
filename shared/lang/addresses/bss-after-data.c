int counter = 7;
char flag;
long table[6];
int main(void) { return (int)((unsigned long)table & 0xff); }
